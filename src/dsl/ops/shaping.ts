/** Magnitude, sign, clipping and interpolation: exact or nearly exact on every target. */
import { cLiteral, cMath, exact, mathOp } from './define.ts';
import type { OpSpec } from './types.ts';

export const abs = mathOp({
  name: 'abs', doc: '|a|', f64: Math.abs, js: 'Math.abs', wgsl: 'abs', c: 'fabs', numpy: 'abs', latex: (a) => `\\left|${a}\\right|`, wgslAccuracy: exact, facts: { idempotent: true },
  wasm: (b) => {
    b.arg(0);
    b.lanes('abs');
  },
});
export const sign = mathOp({ name: 'sign', doc: '-1, 0 or 1', f64: Math.sign, js: 'Math.sign', wgsl: 'sign', c: 'sign', numpy: 'sign', latex: (a) => `\\operatorname{sign} ${a}`, wgslAccuracy: exact, facts: { idempotent: true },
  // C has no sign function; compare instead.
  overrides: { c: (a, p) => `(${a[0]} > ${cLiteral('0.0', p)} ? ${cLiteral('1.0', p)} : (${a[0]} < ${cLiteral('0.0', p)} ? ${cLiteral('-1.0', p)} : ${a[0]}))` },
  // As the C spelling: 1 where a > 0, -1 where a < 0, else a itself (±0 and NaN).
  wasm: (b) => {
    b.constant(1);
    b.constant(-1);
    b.arg(0);
    b.arg(0);
    b.constant(0);
    b.lanes('lt');
    b.bits('bitselect');
    b.arg(0);
    b.constant(0);
    b.lanes('gt');
    b.bits('bitselect');
  },
});

/** clip(x, c): x clamped to [-|c|, |c|] (the Lion program clips the gradient by lr). */
export const clip: OpSpec = {
  name: 'clip',
  arity: 2,
  cost: 1,
  doc: 'clip(x, c): x clamped to [-|c|, |c|]',
  f64: (a, c) => Math.min(Math.max(a, -Math.abs(c)), Math.abs(c)),
  emit: {
    wgsl: (a) => `clamp(${a[0]}, -abs(${a[1]}), abs(${a[1]}))`,
    ts: (a) => `Math.min(Math.max(${a[0]}, -Math.abs(${a[1]})), Math.abs(${a[1]}))`,
    c: (a, p) => `${cMath('fmin', p)}(${cMath('fmax', p)}(${a[0]}, -${cMath('fabs', p)}(${a[1]})), ${cMath('fabs', p)}(${a[1]}))`,
    numpy: (a) => `np.clip(${a[0]}, -np.abs(${a[1]}), np.abs(${a[1]}))`,
    torch: (a) => `torch.minimum(torch.maximum(torch.as_tensor(${a[0]}), -torch.abs(torch.as_tensor(${a[1]}))), torch.abs(torch.as_tensor(${a[1]})))`,
    latex: (a) => `\\operatorname{clip}(${a[0]}, ${a[1]})`,
  },
  wasm: (b) => {
    b.arg(0);
    b.arg(1);
    b.lanes('abs');
    b.lanes('neg');
    b.lanes('max');
    b.arg(1);
    b.lanes('abs');
    b.lanes('min');
  },
  wgslAccuracy: exact,
  facts: {},
};

/** interp(x, y, a) = (1 - a) x + a y, as in Lion's `m = interp(g, m, 0.9)`. */
export const interp: OpSpec = {
  name: 'interp',
  arity: 3,
  cost: 1,
  doc: 'interp(x, y, a) = (1 - a) * x + a * y',
  f64: (x, y, a) => (1 - a) * x + a * y,
  emit: {
    wgsl: (a) => `mix(${a[0]}, ${a[1]}, ${a[2]})`,
    ts: (a) => `((1 - ${a[2]}) * ${a[0]} + ${a[2]} * ${a[1]})`,
    c: (a, p) => `((${cLiteral('1.0', p)} - ${a[2]}) * ${a[0]} + ${a[2]} * ${a[1]})`,
    numpy: (a) => `((1 - ${a[2]}) * ${a[0]} + ${a[2]} * ${a[1]})`,
    torch: (a) => `((1 - ${a[2]}) * ${a[0]} + ${a[2]} * ${a[1]})`,
    latex: (a) => `(1 - ${a[2]}) ${a[0]} + ${a[2]} ${a[1]}`,
  },
  wasm: (b) => b.inF64((d) => {
    d.constant(1);
    d.arg(2);
    d.lanes('sub');
    d.arg(0);
    d.lanes('mul');
    d.arg(2);
    d.arg(1);
    d.lanes('mul');
    d.lanes('add');
  }),
  wgslAccuracy: { ulp: 2, abs: 0, inherited: 'x * (1 - a) + y * a' },
  facts: {},
};
