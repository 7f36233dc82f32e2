/** Named constants (arity-0 ops): usable wherever a literal is, by name, and never reassigned. */
import { cLiteral, exact } from './define.ts';
import type { OpSpec } from './types.ts';

function namedConstant(name: string, value: number, digits: string, spelled: { numpy: string; torch: string; latex: string; ts: string }): OpSpec {
  return {
    name,
    arity: 0,
    cost: 0,
    doc: `the constant ${digits}`,
    f64: () => value,
    emit: {
      wgsl: () => digits,
      ts: () => spelled.ts,
      c: (_a, p) => cLiteral(digits, p),
      numpy: () => spelled.numpy,
      torch: () => spelled.torch,
      latex: () => spelled.latex,
    },
    wasm: (b) => b.constant(value),
    wgslAccuracy: exact,
    facts: {},
  };
}

export const pi = namedConstant('pi', Math.PI, '3.141592653589793', { numpy: 'np.pi', torch: 'math.pi', latex: '\\pi', ts: 'Math.PI' });
export const e = namedConstant('e', Math.E, '2.718281828459045', { numpy: 'np.e', torch: 'math.e', latex: 'e', ts: 'Math.E' });
/** Lion's eps = 1e-8 (a small number to keep denominators away from 0). */
export const eps = namedConstant('eps', 1e-8, '1e-8', { numpy: '1e-8', torch: '1e-8', latex: '\\epsilon', ts: '1e-8' });
