/** Arithmetic: + - * / and the ops built from them (AutoNumerics' fma and exact scalings). */
import { cLiteral, correctlyRounded, exact } from './define.ts';
import type { Emitter, OpSpec, Precision, WasmEmitter, WasmLaneOp } from './types.ts';

/** A wasm emitter applying one lane op to the operands in order. */
function lane(op: WasmLaneOp): WasmEmitter {
  return (b) => {
    b.arg(0);
    b.arg(1);
    b.lanes(op);
  };
}

function infixOp(
  name: string,
  symbol: '+' | '-' | '*',
  f64: (a: number, b: number) => number,
  facts: OpSpec['facts'],
  doc: string,
): OpSpec {
  const e: Emitter = (a) => `(${a[0]} ${symbol} ${a[1]})`;
  return {
    name,
    arity: 2,
    infix: symbol,
    cost: 1,
    doc,
    f64,
    emit: {
      wgsl: e,
      ts: e,
      c: e,
      numpy: e,
      torch: e,
      latex: (a) => (symbol === '*' ? `${a[0]} \\cdot ${a[1]}` : `${a[0]} ${symbol} ${a[1]}`),
    },
    // f32: one float32 op equals fround of the f64 op on float32 operands (53 >= 2 * 24 + 2 bits).
    wasm: lane(symbol === '+' ? 'add' : symbol === '-' ? 'sub' : 'mul'),
    wgslAccuracy: correctlyRounded,
    facts,
  };
}

export const add = infixOp('add', '+', (a, b) => a + b, { commutative: true, identity: { value: 0, side: 'both' } }, 'a + b');
export const sub = infixOp('sub', '-', (a, b) => a - b, { identity: { value: 0, side: 'right' } }, 'a - b');
export const mul = infixOp('mul', '*', (a, b) => a * b, { commutative: true, identity: { value: 1, side: 'both' }, absorbing: 0 }, 'a * b');

const PY_DIV_NUMPY = [
  'def sd_div(a, b):',
  '    b = np.asarray(b)',
  '    safe = np.where(b == 0, 1, b)',
  '    return np.where(b == 0, 0 * safe, a / safe)',
].join('\n');
// Promote like `a / b` does: `reciprocal` passes a = 1.0, whose tensor is float32, and casting b
// to a's dtype would compute a float64 b in float32.
const PY_DIV_TORCH = [
  'def sd_div(a, b):',
  '    a, b = torch.as_tensor(a), torch.as_tensor(b)',
  '    dtype = torch.result_type(a, b)',
  '    a, b = a.to(dtype), b.to(dtype)',
  '    safe = torch.where(b == 0, torch.ones_like(b), b)',
  '    return torch.where(b == 0, torch.zeros_like(a / safe), a / safe)',
].join('\n');

/** Protected division: x / 0 is 0 (so AdamW's m / sqrt(v) survives a zero gradient). */
export const div: OpSpec = {
  name: 'div',
  arity: 2,
  infix: '/',
  cost: 1,
  doc: 'a / b, protected: a / 0 = 0',
  f64: (a, b) => (b === 0 ? 0 : a / b),
  emit: {
    wgsl: (a) => `select(${a[0]} / ${a[1]}, 0.0, ${a[1]} == 0.0)`,
    ts: (a) => `(${a[1]} === 0 ? 0 : ${a[0]} / ${a[1]})`,
    c: (a, p) => `(${a[1]} == ${cLiteral('0.0', p)} ? ${cLiteral('0.0', p)} : ${a[0]} / ${a[1]})`,
    numpy: (a) => `sd_div(${a[0]}, ${a[1]})`,
    torch: (a) => `sd_div(${a[0]}, ${a[1]})`,
    latex: (a) => `\\frac{${a[0]}}{${a[1]}}`,
  },
  helpers: { numpy: [PY_DIV_NUMPY], torch: [PY_DIV_TORCH] },
  // a / b with the lanes where b == 0 cleared to +0.
  wasm: (b) => {
    b.arg(0);
    b.arg(1);
    b.lanes('div');
    b.arg(1);
    b.constant(0);
    b.lanes('eq');
    b.bits('andnot');
  },
  wgslAccuracy: { ulp: 2.5, abs: 0 },
  facts: { identity: { value: 1, side: 'right' } },
};

/** Protected reciprocal: 1 / 0 is 0, as for division. */
export const reciprocal: OpSpec = {
  name: 'reciprocal',
  arity: 1,
  cost: 1,
  doc: '1 / a, protected: 1 / 0 = 0',
  f64: (a) => (a === 0 ? 0 : 1 / a),
  emit: {
    wgsl: (a) => `select(1.0 / ${a[0]}, 0.0, ${a[0]} == 0.0)`,
    ts: (a) => `(${a[0]} === 0 ? 0 : 1 / ${a[0]})`,
    c: (a, p) => `(${a[0]} == ${cLiteral('0.0', p)} ? ${cLiteral('0.0', p)} : ${cLiteral('1.0', p)} / ${a[0]})`,
    numpy: (a) => `sd_div(1.0, ${a[0]})`,
    torch: (a) => `sd_div(1.0, ${a[0]})`,
    latex: (a) => `\\frac{1}{${a[0]}}`,
  },
  helpers: { numpy: [PY_DIV_NUMPY], torch: [PY_DIV_TORCH] },
  wasm: (b) => {
    b.constant(1);
    b.arg(0);
    b.lanes('div');
    b.arg(0);
    b.constant(0);
    b.lanes('eq');
    b.bits('andnot');
  },
  wgslAccuracy: { ulp: 2.5, abs: 0 },
  facts: { involution: true },
};

export const negative: OpSpec = {
  name: 'negative',
  arity: 1,
  cost: 1,
  doc: '-a',
  f64: (a) => -a,
  emit: { wgsl: (a) => `(-${a[0]})`, ts: (a) => `(-${a[0]})`, c: (a) => `(-${a[0]})`, numpy: (a) => `(-${a[0]})`, torch: (a) => `(-${a[0]})`, latex: (a) => `-${a[0]}` },
  wasm: (b) => {
    b.arg(0);
    b.lanes('neg');
  },
  wgslAccuracy: exact,
  facts: { involution: true },
};

function powerOf(name: string, n: 2 | 3): OpSpec {
  const times = (a: readonly string[]): string => `(${Array(n).fill(a[0]).join(' * ')})`;
  return {
    name,
    arity: 1,
    cost: 1,
    doc: `a^${n}`,
    f64: n === 2 ? (a) => a * a : (a) => a * a * a,
    emit: { wgsl: times, ts: times, c: times, numpy: times, torch: times, latex: (a) => `{${a[0]}}^{${n}}` },
    // a * a is exact in f64 for float32 a, so square rounds once in either precision; a * a * a
    // rounds twice in f64 before the float32 rounding, so cube's f32 path runs in f64 lanes.
    wasm: n === 2
      ? (b) => {
        b.arg(0);
        b.arg(0);
        b.lanes('mul');
      }
      : (b) => b.inF64((d) => {
        d.arg(0);
        d.arg(0);
        d.lanes('mul');
        d.arg(0);
        d.lanes('mul');
      }),
    wgslAccuracy: { ulp: n === 2 ? 0.5 : 1, abs: 0, inherited: n === 2 ? 'x * x' : 'x * x * x' },
    facts: {},
  };
}
export const square = powerOf('square', 2);
export const cube = powerOf('cube', 3);

function minMax(name: 'max' | 'min'): OpSpec {
  const js = `Math.${name}`;
  return {
    name,
    arity: 2,
    cost: 1,
    doc: `${name}(a, b)`,
    f64: name === 'max' ? (a, b) => Math.max(a, b) : (a, b) => Math.min(a, b),
    emit: {
      wgsl: (a) => `${name}(${a[0]}, ${a[1]})`,
      ts: (a) => `${js}(${a[0]}, ${a[1]})`,
      c: (a, p) => `${p === 'f32' ? `f${name}f` : `f${name}`}(${a[0]}, ${a[1]})`,
      numpy: (a) => `np.${name}imum(${a[0]}, ${a[1]})`,
      torch: (a) => `torch.${name}imum(torch.as_tensor(${a[0]}), torch.as_tensor(${a[1]}))`,
      latex: (a) => `\\${name}(${a[0]}, ${a[1]})`,
    },
    // wasm's min/max are Math.min/max: NaN if either is NaN, -0 < +0 (not pmin/pmax).
    wasm: lane(name),
    wgslAccuracy: exact,
    facts: { commutative: true, idempotent: true },
  };
}
export const max = minMax('max');
export const min = minMax('min');

/** Fused multiply-add a * b + c (AutoNumerics-Zero counts it as one op). */
export const fma: OpSpec = {
  name: 'fma',
  arity: 3,
  cost: 1,
  doc: 'a * b + c',
  f64: (a, b, c) => a * b + c,
  emit: {
    wgsl: (a) => `fma(${a[0]}, ${a[1]}, ${a[2]})`,
    ts: (a) => `(${a[0]} * ${a[1]} + ${a[2]})`,
    c: (a, p) => `${p === 'f32' ? 'fmaf' : 'fma'}(${a[0]}, ${a[1]}, ${a[2]})`,
    numpy: (a) => `(${a[0]} * ${a[1]} + ${a[2]})`,
    torch: (a) => `(${a[0]} * ${a[1]} + ${a[2]})`,
    latex: (a) => `${a[0]} \\cdot ${a[1]} + ${a[2]}`,
  },
  // Not fused: the op is a * b + c rounded twice (f64), then once more to float32 in f32 mode.
  wasm: (b) => b.inF64((d) => {
    d.arg(0);
    d.arg(1);
    d.lanes('mul');
    d.arg(2);
    d.lanes('add');
  }),
  wgslAccuracy: { ulp: 1, abs: 0, inherited: 'x * y + z' },
  facts: {},
};

/** Multiplication by an exact power of two (AutoNumerics' ×2, ×½, ×4, ×¼): exact in binary floats. */
function scaleBy(name: string, factor: 2 | 4 | 0.5 | 0.25): OpSpec {
  const lit = (p: Precision | 'plain'): string => {
    const s = factor.toFixed(factor < 1 ? 2 : 1).replace(/0$/, '');
    return p === 'f32' ? `${s}f` : s;
  };
  const e: Emitter = (a) => `(${a[0]} * ${lit('plain')})`;
  return {
    name,
    arity: 1,
    cost: 1,
    doc: `a * ${factor} (exact)`,
    f64: (a) => a * factor,
    emit: {
      wgsl: e,
      ts: e,
      c: (a, p) => `(${a[0]} * ${lit(p)})`,
      numpy: e,
      torch: e,
      latex: (a) => (factor >= 1 ? `${factor} ${a[0]}` : `\\frac{${a[0]}}{${1 / factor}}`),
    },
    wasm: (b) => {
      b.arg(0);
      b.constant(factor);
      b.lanes('mul');
    },
    wgslAccuracy: exact,
    facts: {},
  };
}
export const mul2 = scaleBy('mul2', 2);
export const mul4 = scaleBy('mul4', 4);
export const div2 = scaleBy('div2', 0.5);
export const div4 = scaleBy('div4', 0.25);
