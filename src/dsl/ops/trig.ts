/** Trigonometric and hyperbolic functions. Inverse functions are NaN (invalid) outside their domain. */
import { guardedMathOp, mathOp } from './define.ts';

const sinCos = { ulp: 0, abs: 2 ** -11, inherited: 'absolute 2^-11 inside [-pi, pi]' };

export const sin = mathOp({ name: 'sin', doc: 'sin(a)', f64: Math.sin, js: 'Math.sin', wgsl: 'sin', c: 'sin', numpy: 'sin', latex: (a) => `\\sin ${a}`, wgslAccuracy: sinCos });
export const cos = mathOp({ name: 'cos', doc: 'cos(a)', f64: Math.cos, js: 'Math.cos', wgsl: 'cos', c: 'cos', numpy: 'cos', latex: (a) => `\\cos ${a}`, wgslAccuracy: sinCos });
export const tan = mathOp({ name: 'tan', doc: 'tan(a)', f64: Math.tan, js: 'Math.tan', wgsl: 'tan', c: 'tan', numpy: 'tan', latex: (a) => `\\tan ${a}`, wgslAccuracy: { ulp: 5, abs: 2 ** -10, inherited: 'sin(x) / cos(x)' } });

const inverseTrig = { ulp: 4096, abs: 0, inherited: 'atan2: 4096 ULP' };
export const arcsin = guardedMathOp({ name: 'arcsin', doc: 'asin(a); NaN for |a| > 1', f64: Math.asin, js: 'Math.asin', wgsl: 'asin', c: 'asin', numpy: 'arcsin', torch: 'asin', latex: (a) => `\\arcsin ${a}`, wgslAccuracy: inverseTrig, inDomainWgsl: (a) => `abs(${a}) <= 1.0` });
export const arccos = guardedMathOp({ name: 'arccos', doc: 'acos(a); NaN for |a| > 1', f64: Math.acos, js: 'Math.acos', wgsl: 'acos', c: 'acos', numpy: 'arccos', torch: 'acos', latex: (a) => `\\arccos ${a}`, wgslAccuracy: inverseTrig, inDomainWgsl: (a) => `abs(${a}) <= 1.0` });
export const arctan = mathOp({ name: 'arctan', doc: 'atan(a)', f64: Math.atan, js: 'Math.atan', wgsl: 'atan', c: 'atan', numpy: 'arctan', torch: 'atan', latex: (a) => `\\arctan ${a}`, wgslAccuracy: inverseTrig });

const hyperbolic = { ulp: 6, abs: 2 ** -20, inherited: '(exp(x) ± exp(-x)) / 2' };
export const sinh = mathOp({ name: 'sinh', doc: 'sinh(a)', f64: Math.sinh, js: 'Math.sinh', wgsl: 'sinh', c: 'sinh', numpy: 'sinh', latex: (a) => `\\sinh ${a}`, wgslAccuracy: hyperbolic });
export const cosh = mathOp({ name: 'cosh', doc: 'cosh(a)', f64: Math.cosh, js: 'Math.cosh', wgsl: 'cosh', c: 'cosh', numpy: 'cosh', latex: (a) => `\\cosh ${a}`, wgslAccuracy: hyperbolic });
export const tanh = mathOp({
  name: 'tanh', doc: 'tanh(a)', f64: Math.tanh, js: 'Math.tanh', wgsl: 'tanh', c: 'tanh', numpy: 'tanh', latex: (a) => `\\tanh ${a}`,
  wgslAccuracy: { ulp: 8, abs: 2 ** -20, inherited: 'sinh(x) / cosh(x)' },
  // WGSL's tanh is sinh/cosh, which overflows to NaN for large |x|; tanh is ±1 in f32 beyond |x| = 9.
  overrides: { wgsl: (a) => `tanh(clamp(${a[0]}, -10.0, 10.0))` },
});
export const arcsinh = mathOp({ name: 'arcsinh', doc: 'asinh(a)', f64: Math.asinh, js: 'Math.asinh', wgsl: 'asinh', c: 'asinh', numpy: 'arcsinh', torch: 'asinh', latex: (a) => `\\operatorname{arsinh} ${a}`, wgslAccuracy: { ulp: 8, abs: 2 ** -20, inherited: 'log(x + sqrt(x * x + 1))' } });
export const arctanh = guardedMathOp({ name: 'arctanh', doc: 'atanh(a); NaN for |a| >= 1 (Infinity at ±1)', f64: Math.atanh, js: 'Math.atanh', wgsl: 'atanh', c: 'atanh', numpy: 'arctanh', torch: 'atanh', latex: (a) => `\\operatorname{artanh} ${a}`, wgslAccuracy: { ulp: 8, abs: 2 ** -20, inherited: 'log((1 + x) / (1 - x)) / 2' }, inDomainWgsl: (a) => `abs(${a}) < 1.0` });
