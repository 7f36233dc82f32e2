/** Exponentials, logarithms, roots and powers. Logs and square roots take |x| first (Lion's search space). */
import { cLiteral, cMath, guardedMathOp, mathOp, WGSL_NAN_HELPER } from './define.ts';
import type { OpSpec } from './types.ts';

const expAccuracy = { ulp: 3, abs: 0, ulpPerAbsArg: 2 };

export const exp = mathOp({ name: 'exp', doc: 'e^a', f64: Math.exp, js: 'Math.exp', wgsl: 'exp', c: 'exp', numpy: 'exp', latex: (a) => `e^{${a}}`, wgslAccuracy: expAccuracy });
export const exp2 = mathOp({
  name: 'exp2', doc: '2^a', f64: (a) => 2 ** a, js: 'Math.exp2', wgsl: 'exp2', c: 'exp2', numpy: 'exp2', latex: (a) => `2^{${a}}`, wgslAccuracy: expAccuracy,
  overrides: { ts: (a) => `Math.pow(2, ${a[0]})` }, // JavaScript has no Math.exp2
});

const EXPM1_WGSL = [
  // Kahan's trick: accurate near 0 without a native expm1.
  'fn sd_expm1(x: f32) -> f32 {',
  '  let u = exp(x);',
  '  if (u == 1.0) { return x; }',
  '  let um1 = u - 1.0;',
  '  if (um1 == -1.0) { return -1.0; }',
  '  return um1 * x / log(u);',
  '}',
].join('\n');
export const expm1 = mathOp({
  name: 'expm1', doc: 'e^a - 1, accurate near 0', f64: Math.expm1, js: 'Math.expm1', wgsl: 'sd_expm1', c: 'expm1', numpy: 'expm1', latex: (a) => `e^{${a}} - 1`,
  wgslAccuracy: { ulp: 6, abs: 2 ** -21, inherited: 'exp(x) - 1 (Kahan)' }, helpers: { wgsl: [EXPM1_WGSL] },
});

const logAccuracy = { ulp: 3, abs: 2 ** -21, inherited: '3 ULP outside [0.5, 2], absolute 2^-21 inside' };
function absLog(name: 'log' | 'log2', latex: (a: string) => string): OpSpec {
  return mathOp({
    name, doc: `${name}(|a|); log of 0 is -Infinity (invalid)`, f64: (a) => Math[name](Math.abs(a)), js: `Math.${name}`, wgsl: name, c: name, numpy: name, latex, wgslAccuracy: logAccuracy,
    overrides: {
      wgsl: (a) => `select(sd_nan(), ${name}(abs(${a[0]})), abs(${a[0]}) > 0.0)`,
      ts: (a) => `Math.${name}(Math.abs(${a[0]}))`,
      c: (a, p) => `${cMath(name, p)}(${cMath('fabs', p)}(${a[0]}))`,
      numpy: (a) => `np.${name}(np.abs(${a[0]}))`,
      torch: (a) => `torch.${name}(torch.abs(${a[0]}))`,
      latex: (a) => latex(`\\left|${a[0]}\\right|`),
    },
    helpers: { wgsl: [WGSL_NAN_HELPER] },
  });
}
export const log = absLog('log', (a) => `\\ln ${a}`);
export const log2 = absLog('log2', (a) => `\\log_2 ${a}`);

const LOG1P_WGSL = [
  // Goldberg's trick: log(1 + x) accurate near 0 without a native log1p.
  'fn sd_log1p(x: f32) -> f32 {',
  '  let u = 1.0 + x;',
  '  if (u == 1.0) { return x; }',
  '  return log(u) * x / (u - 1.0);',
  '}',
].join('\n');
export const log1p = guardedMathOp({
  name: 'log1p', doc: 'log(1 + a); NaN for a <= -1', f64: (a) => (a > -1 ? Math.log1p(a) : NaN), js: 'Math.log1p', wgsl: 'sd_log1p', c: 'log1p', numpy: 'log1p', latex: (a) => `\\ln(1 + ${a})`,
  wgslAccuracy: { ulp: 6, abs: 2 ** -21, inherited: 'log(1 + x) (Goldberg)' }, inDomainWgsl: (a) => `${a} > -1.0`, helpers: { wgsl: [LOG1P_WGSL] },
  // Math.log1p(-1) and C's log1p(-1) are -Infinity; the op is NaN there, so guard as WGSL does.
  overrides: {
    ts: (a) => `(${a[0]} > -1 ? Math.log1p(${a[0]}) : NaN)`,
    c: (a, p) => `(${a[0]} > ${cLiteral('-1.0', p)} ? ${cMath('log1p', p)}(${a[0]}) : NAN)`,
  },
});

export const sqrt = mathOp({
  name: 'sqrt', doc: 'sqrt(|a|)', f64: (a) => Math.sqrt(Math.abs(a)), js: 'Math.sqrt', wgsl: 'sqrt', c: 'sqrt', numpy: 'sqrt', latex: (a) => `\\sqrt{\\left|${a}\\right|}`,
  wgslAccuracy: { ulp: 4.5, abs: 0, inherited: '1.0 / inverseSqrt(x)' },
  wasm: (b) => {
    b.arg(0);
    b.lanes('abs');
    b.lanes('sqrt');
  },
  overrides: {
    wgsl: (a) => `sqrt(abs(${a[0]}))`,
    ts: (a) => `Math.sqrt(Math.abs(${a[0]}))`,
    c: (a, p) => `${cMath('sqrt', p)}(${cMath('fabs', p)}(${a[0]}))`,
    numpy: (a) => `np.sqrt(np.abs(${a[0]}))`,
    torch: (a) => `torch.sqrt(torch.abs(${a[0]}))`,
  },
});

const CBRT_WGSL = 'fn sd_cbrt(x: f32) -> f32 { return select(sign(x) * pow(abs(x), 1.0 / 3.0), 0.0, x == 0.0); }';
export const cbrt = mathOp({
  name: 'cbrt', doc: 'real cube root', f64: Math.cbrt, js: 'Math.cbrt', wgsl: 'sd_cbrt', c: 'cbrt', numpy: 'cbrt', latex: (a) => `\\sqrt[3]{${a}}`,
  wgslAccuracy: { ulp: 8, abs: 0, inherited: 'sign(x) * exp2(log2(|x|) / 3)' },
  overrides: { torch: (a) => `(torch.sign(${a[0]}) * torch.abs(${a[0]}) ** (1.0 / 3.0))` },
  helpers: { wgsl: [CBRT_WGSL] },
});

const POW_WGSL = [
  // WGSL's pow is undefined for x <= 0; |x|^y with 0^y spelled out (0^negative is invalid).
  'fn sd_pow(x: f32, y: f32) -> f32 {',
  '  let ax = abs(x);',
  '  if (ax == 0.0) {',
  '    if (y > 0.0) { return 0.0; }',
  '    if (y == 0.0) { return 1.0; }',
  '    return sd_nan();',
  '  }',
  '  return pow(ax, y);',
  '}',
].join('\n');
export const power: OpSpec = {
  name: 'power',
  arity: 2,
  cost: 1,
  doc: '|a|^b; 0^negative is Infinity (invalid)',
  f64: (a, b) => Math.pow(Math.abs(a), b),
  emit: {
    wgsl: (a) => `sd_pow(${a[0]}, ${a[1]})`,
    ts: (a) => `Math.pow(Math.abs(${a[0]}), ${a[1]})`,
    c: (a, p) => `${cMath('pow', p)}(${cMath('fabs', p)}(${a[0]}), ${a[1]})`,
    numpy: (a) => `np.power(np.abs(${a[0]}), ${a[1]})`,
    torch: (a) => `torch.pow(torch.abs(torch.as_tensor(${a[0]})), ${a[1]})`,
    latex: (a) => `\\left|${a[0]}\\right|^{${a[1]}}`,
  },
  wasm: (b) => {
    b.perLane(power.f64);
  },
  helpers: { wgsl: [WGSL_NAN_HELPER, POW_WGSL] },
  wgslAccuracy: { ulp: 3, abs: 0, inherited: 'exp2(y * log2(x)): error grows with |y * log2 x|' },
  // No identity element: power(x, 1) is |x|, not x.
  facts: {},
};
