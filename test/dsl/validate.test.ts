import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DslError } from '../../src/dsl/errors.ts';
import { APPLICABLE_OPS, NAMED_CONSTANTS } from '../../src/dsl/ops/table.ts';
import { parseProgram } from '../../src/dsl/parse.ts';
import { printProgram } from '../../src/dsl/print.ts';
import { lit, named, type Operand, type Program, program, programsEqual, statement, v } from '../../src/dsl/program.ts';
import type { Domain } from '../../src/dsl/signature.ts';
import { findIssues, isAssignable, isValid, isVariableName, RESERVED_NAMES, validateProgram } from '../../src/dsl/validate.ts';
import { arbitraryAnyProgram, arbitraryLiteral, arbitraryWithDeadStatements, DOMAINS } from '../support/arbitrary.ts';

const fn = (body: Parameters<typeof program>[1], outputs: readonly string[] = ['y']): Program => program('function', body, outputs);

describe('validateProgram', () => {
  it('accepts every generated program', () => {
    fc.assert(
      fc.property(arbitraryAnyProgram({ maxStatements: 20 }), (p) => {
        expect(validateProgram(p)).toEqual([]);
        expect(isValid(p)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('is fed programs that use every op, every constant, awkward literals and reassigned inputs', () => {
    const ops = new Set<string>();
    const constants = new Set<string>();
    let negativeLiterals = 0;
    let extremeLiterals = 0;
    let reassignedInputs = 0;
    let unmodifiedOutputs = 0;
    for (const p of fc.sample(arbitraryAnyProgram(), { numRuns: 1000, seed: 1 })) {
      const inputs = p.domain === 'optimizer' ? ['w', 'g', 'm', 'v', 'lr'] : ['x'];
      for (const s of p.body) {
        ops.add(s.op);
        if (inputs.includes(s.target)) reassignedInputs++;
        for (const a of s.args) {
          if (a.kind === 'const') constants.add(a.name);
          if (a.kind === 'lit' && (a.value < 0 || Object.is(a.value, -0))) negativeLiterals++;
          if (a.kind === 'lit' && a.value !== 0 && (Math.abs(a.value) < 1e-300 || Math.abs(a.value) > 1e300)) extremeLiterals++;
        }
      }
      if (p.outputs.some((o) => inputs.includes(o) && !p.body.some((s) => s.target === o))) unmodifiedOutputs++;
    }
    expect([...ops].sort()).toEqual(APPLICABLE_OPS.map((o) => o.name).sort());
    expect([...constants].sort()).toEqual(NAMED_CONSTANTS.map((c) => c.name).sort());
    for (const count of [negativeLiterals, extremeLiterals, reassignedInputs, unmodifiedOutputs]) expect(count).toBeGreaterThan(20);
  });

  it('accepts generated programs with dead statements added', () => {
    fc.assert(
      fc.property(arbitraryAnyProgram().chain((p) => arbitraryWithDeadStatements(p)), (p) => {
        expect(validateProgram(p)).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });

  it('names the statement and the problem for each kind of issue', () => {
    const cases: readonly (readonly [Program, string[]])[] = [
      [fn([statement('y', 'sqr', [v('x')])]), ["body[0]: unknown op 'sqr'; did you mean 'sqrt'?"]],
      [fn([statement('y', 'pi', [])]), ["body[0]: 'pi' is a named constant, not an op: use it as an operand"]],
      [fn([statement('y', 'interp', [v('x'), lit(1)])]), ['body[0]: interp takes 3 operands, got 2']],
      [fn([statement('y', 'add', [v('x'), v('z')]), statement('z', 'sqrt', [v('x')])]), ["body[0]: 'z' is used before it is assigned"]],
      [fn([statement('y', 'add', [v('x'), v('q')])]), ["body[0]: undefined variable 'q'; did you mean 'x'?"]],
      [fn([statement('y', 'add', [v('x'), v('sqrt')])]), ["body[0]: 'sqrt' is an op, not a value: call it in a statement of its own"]],
      [fn([statement('y', 'add', [v('x'), v('pi')])]), ["body[0]: 'pi' is a named constant, not a variable"]],
      [fn([statement('y', 'add', [v('x'), named('tau')])]), [`body[0]: unknown named constant 'tau'; constants: ${NAMED_CONSTANTS.map((c) => c.name).join(', ')}`]],
      [fn([statement('y', 'add', [v('x'), lit(NaN)])]), ['body[0]: literal NaN is not a finite number']],
      [fn([statement('y', 'add', [v('x'), lit(-Infinity)])]), ['body[0]: literal -Infinity is not a finite number']],
      [fn([statement('pi', 'sqrt', [v('x')])], ['x']), ["body[0]: cannot assign to the named constant 'pi'"]],
      [fn([statement('exp', 'sqrt', [v('x')])], ['x']), ["body[0]: 'exp' is an op name and cannot be used as a variable"]],
      [fn([statement('return', 'sqrt', [v('x')])], ['x']), ["body[0]: 'return' is a keyword and cannot be assigned"]],
      [fn([statement('2y', 'sqrt', [v('x')])], ['x']), ["body[0]: '2y' is not a valid variable name"]],
      [program('optimizer', [statement('t', 'add', [v('t'), lit(1)])], ['w', 'm', 'v']), ["body[0]: 't' is an implicit input of train and is read-only"]],
      [program('optimizer', [], ['w', 'm']), ['outputs: train returns 3 values (update, m, v), got 2']],
      [fn([], ['x', 'x']), ['outputs: f returns 1 value (y), got 2']],
      [fn([], ['q']), ["outputs[0]: undefined variable 'q'; did you mean 'x'?"]],
      [program('nope' as Domain, [], []), ["domain: unknown domain 'nope'; domains: optimizer, function"]],
      [
        fn([statement('y', 'sqr', [v('q')]), statement('z', 'add', [v('y')])], ['y', 'z']),
        ["body[0]: unknown op 'sqr'; did you mean 'sqrt'?", "body[0]: undefined variable 'q'; did you mean 'x'?", 'body[1]: add takes 2 operands, got 1', 'outputs: f returns 1 value (y), got 2'],
      ],
    ];
    for (const [p, messages] of cases) {
      expect(validateProgram(p)).toEqual(messages);
      expect(isValid(p)).toBe(false);
    }
  });

  it('accepts reading the step counter, reassigning inputs and returning unmodified inputs', () => {
    const p = program('optimizer', [statement('lr', 'power', [lit(0.9), v('t')]), statement('g', 'mul', [v('g'), v('lr')])], ['g', 'm', 'm']);
    expect(validateProgram(p)).toEqual([]);
  });
});

describe('variable names', () => {
  it('reserves keywords and every op name, named constants included', () => {
    for (const name of ['def', 'return', 'pi', 'e', 'eps', 'sqrt', 'add', 'interp']) {
      expect(RESERVED_NAMES.has(name)).toBe(true);
      expect(isVariableName(name)).toBe(false);
    }
    for (const name of ['x', 'm_hat', '_t2', 'sqrt_v', 'E', 'Pi']) expect(isVariableName(name)).toBe(true);
    for (const name of ['', '2x', 'a-b', 'a.b', 'é']) expect(isVariableName(name)).toBe(false);
  });

  it('makes implicit inputs read-only', () => {
    expect(isAssignable('optimizer', 't')).toBe(false);
    expect(isAssignable('optimizer', 'lr')).toBe(true);
    expect(isAssignable('function', 't')).toBe(true);
  });
});

/**
 * Programs that may break any rule, but print to text the parser reads as the same program:
 * identifier names that are not keywords, finite literals, variables not named like constants.
 */
function arbitrarySloppyProgram(): fc.Arbitrary<Program> {
  const constants = new Set(NAMED_CONSTANTS.map((c) => c.name));
  const name = fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom('x', 'y', 'z', 'w', 'g', 'm', 'v', 'lr', 't', 'a', 'b') },
    { weight: 1, arbitrary: fc.constantFrom('pi', 'sqrt', 'add', 'xx', 'update') },
  );
  const readable = name.filter((n) => !constants.has(n));
  const operand: fc.Arbitrary<Operand> = fc.oneof(
    readable.map(v),
    arbitraryLiteral().map(lit),
    fc.constantFrom(...NAMED_CONSTANTS.map((c) => named(c.name))),
  );
  const opName = fc.oneof({ weight: 9, arbitrary: fc.constantFrom(...APPLICABLE_OPS.map((o) => o.name)) }, { weight: 1, arbitrary: fc.constantFrom('sqr', 'frob', 'intrp') });
  const stmt = fc.tuple(name, opName, fc.array(operand, { maxLength: 4 })).map(([target, op, args]) => statement(target, op, args));
  return fc.tuple(fc.constantFrom(...DOMAINS), fc.array(stmt, { maxLength: 6 }), fc.array(name, { maxLength: 4 })).map(([domain, body, outputs]) => program(domain, body, outputs));
}

describe('validator and parser agree', () => {
  it('isValid(p) is validateProgram(p) being empty', () => {
    fc.assert(
      fc.property(arbitrarySloppyProgram(), (p) => {
        expect(isValid(p)).toBe(validateProgram(p).length === 0);
      }),
      { numRuns: 1000 },
    );
  });

  it('the parser rejects the printed text with the first issue, or reads the program back', () => {
    let invalid = 0;
    fc.assert(
      fc.property(arbitrarySloppyProgram(), (p) => {
        const issues = findIssues(p);
        const text = printProgram(p);
        if (issues.length === 0) {
          expect(programsEqual(parseProgram(text), p)).toBe(true);
          return;
        }
        invalid++;
        const error = (() => {
          try {
            parseProgram(text);
          } catch (e) {
            return e;
          }
          return undefined;
        })();
        expect(error).toBeInstanceOf(DslError);
        expect((error as DslError).detail).toBe(issues[0].message);
      }),
      { numRuns: 1000 },
    );
    expect(invalid).toBeGreaterThan(100);
  });
});
