import { describe, expect, it } from 'vitest';
import { interpret } from '../../../src/dsl/interpret.ts';
import { parseProgram } from '../../../src/dsl/parse.ts';
import { pointError } from '../../../src/eval/error-measures.ts';
import { float32FromOrder, countFloat32 } from '../../../src/eval/float32.ts';
import { reference } from '../../../src/eval/reference/targets.ts';
import { float32Range, verifyRange } from '../../../src/eval/verify/exhaustive.ts';
import { splitRange, verifyExhaustive } from '../../../src/eval/verify/verify.ts';

const PROGRAM = `def f(x):
  y = x * 0.0558
  y = y + 0.2402
  y = y * x
  y = y + 0.6931
  y = y / 1.0001
  y = y * x
  y = y + 1
  return y
`;

describe('exhaustive float32 verification', () => {
  it('agrees with the interpreter and the double-double reference on a sampled subset', () => {
    const p = parseProgram(PROGRAM);
    const ref = reference('exp2');
    // 3 * 65536 + 17 consecutive floats around 0.75, so chunk edges are crossed.
    const range = float32Range(0.75, 0.75 + (3 * 65536 + 17) * 2 ** -24);
    const result = verifyRange(PROGRAM, ref, range);
    expect(result.points).toBe(range.end - range.start);
    let worst = 0;
    let at = NaN;
    for (let order = range.start; order < range.end; order += 97) {
      const x = float32FromOrder(order);
      const [y] = interpret(p, { x }, 'f32');
      const r = ref.evalPoint(x);
      const e = pointError(y, r.hi, r.lo, 'ulp32');
      expect(e).toBeLessThanOrEqual(result.maxUlp * (1 + 1e-9));
      if (e > worst) [worst, at] = [e, x];
    }
    expect(worst).toBeGreaterThan(0.5 * result.maxUlp);
    // At the reported input the interpreter gives the same output and (nearly) the same error.
    const [y] = interpret(p, { x: result.argmax }, 'f32');
    expect(y).toBe(result.output);
    const r = ref.evalPoint(result.argmax);
    expect(pointError(y, r.hi, r.lo, 'ulp32')).toBeCloseTo(result.maxUlp, 6);
    expect(Number.isFinite(at)).toBe(true);
  });

  it('covers [a, b) exactly and threads agree with one thread', async () => {
    const range = float32Range(0.5, 0.5 + 40000 * 2 ** -24);
    expect(range.end - range.start).toBe(countFloat32(0.5, 0.5 + 40000 * 2 ** -24));
    const parts = splitRange(range, 3);
    expect(parts[0].start).toBe(range.start);
    expect(parts[2].end).toBe(range.end);
    const one = verifyRange(PROGRAM, reference('exp2'), range);
    const many = await verifyExhaustive({ id: 'fn:exp2', options: { precision: 'f32' } }, PROGRAM, range, { threads: 2 });
    expect(many).toEqual(one);
  });

  it('counts NaN and infinite outputs', () => {
    const result = verifyRange('def f(x):\n  y = log(x)\n  return y\n', reference('exp2'), float32Range(0, 2 ** -140));
    expect(result.nonFinite).toBe(1);
    expect(result.firstNonFinite).toBe(0);
  });
});
