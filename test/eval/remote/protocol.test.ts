/**
 * The wire format between a search and its workers: results survive the trip bit for bit
 * (Infinity and NaN included), and no input, however odd, makes the job check throw anything but
 * its one-line MalformedMessageError.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CandidateResult } from '../../../src/eval/evaluator.ts';
import { MalformedMessageError, PROTOCOL, decodeResults, encodeResults, parseJob } from '../../../src/eval/remote/protocol.ts';

const result: fc.Arbitrary<CandidateResult> = fc.record(
  {
    score: fc.double(),
    valid: fc.boolean(),
    measures: fc.dictionary(fc.constantFrom('maxAbsError', 'maxRelError', 'maxUlp', 'cost'), fc.double()),
    error: fc.string(),
    program: fc.string(),
  },
  { requiredKeys: ['score', 'valid', 'measures'] },
);

describe('remote protocol', () => {
  it('results round-trip through JSON exactly (-0 aside, as in the journal)', () => {
    fc.assert(
      fc.property(fc.array(result, { maxLength: 20 }), (results) => {
        const wire = JSON.parse(JSON.stringify(encodeResults('h:1', results))) as unknown;
        const back = decodeResults(wire, results.length);
        expect(back.worker).toBe('h:1');
        const same = (a: number, b: number): boolean => Object.is(a, b) || (a === 0 && b === 0);
        back.results.forEach((r, i) => {
          expect(same(r.score, results[i].score)).toBe(true);
          expect(r.valid).toBe(results[i].valid);
          expect(Object.keys(r.measures)).toEqual(Object.keys(results[i].measures));
          for (const k of Object.keys(r.measures)) expect(same(r.measures[k], results[i].measures[k])).toBe(true);
          expect(r.error).toBe(results[i].error);
          expect(r.program).toBe(results[i].program);
        });
      }),
    );
  });

  it('a result of the wrong length or shape is refused', () => {
    expect(() => decodeResults(encodeResults('h:1', [{ score: 1, valid: true, measures: {} }]), 2)).toThrow(/1 results for 2 programs/);
    expect(() => decodeResults({ worker: 'h', results: [{ s: 'x', v: true, m: {} }] }, 1)).toThrow(MalformedMessageError);
  });

  it('accepts a well-formed job and refuses anything else with a MalformedMessageError', () => {
    const job = { protocol: PROTOCOL, symdisc: '0.1.0', backend: 'cpu', task: { id: 'fn:exp2', options: { precision: 'f64' } }, programs: ['def f(x):\n    return x'] };
    expect(parseJob(job)).toEqual(job);
    fc.assert(
      fc.property(fc.oneof(fc.anything(), fc.record({ protocol: fc.constant(PROTOCOL), symdisc: fc.string(), backend: fc.constantFrom('cpu', 'webgpu', 'tpu'), task: fc.anything(), programs: fc.anything() })), (data) => {
        try {
          parseJob(data);
        } catch (error) {
          return error instanceof MalformedMessageError && !error.message.includes('\n');
        }
        return true;
      }),
    );
  });
});
