/**
 * Numeric literals in exported code, spelled so they read back as the value the program means:
 * the shortest round-trip decimal of the double for f64 targets, and for float targets the shortest
 * decimal that rounds to the same float32 (with C's `f` suffix). Negative literals are
 * parenthesised, so an emitter's `(-a)` never turns into `--0.5`.
 */
import type { Precision } from '../ops/table.ts';

function parenthesizeNegative(text: string): string {
  return text.startsWith('-') ? `(${text})` : text;
}

/** The shortest round-trip decimal of a double (String(), keeping -0). */
export function decimalOf(x: number): string {
  return Object.is(x, -0) ? '-0' : String(x);
}

/** A decimal that has a `.` or an exponent, so C and Python read it as floating point. */
function floating(text: string): string {
  return /[.eE]/.test(text) || !/^-?[0-9]+$/.test(text) ? text : `${text}.0`;
}

/** The shortest decimal that rounds to the same float32 as `x` (`0.9` for fround(0.9)). */
export function shortestFloat32(x: number): string {
  const f = Math.fround(x);
  if (Object.is(f, -0)) return '-0.0';
  for (let digits = 1; digits <= 9; digits++) {
    const candidate = f.toPrecision(digits);
    if (Math.fround(Number(candidate)) === f) return floating(String(Number(candidate)));
  }
  return floating(String(f));
}

export function tsLiteral(x: number, precision: Precision): string {
  const text = decimalOf(x);
  return precision === 'f32' ? `Math.fround(${text})` : parenthesizeNegative(text);
}

/** A C literal: `double` spelled exactly, `float` as the shortest float32 decimal with `f`. */
export function cNumber(x: number, precision: Precision): string {
  if (precision === 'f64') return parenthesizeNegative(floating(decimalOf(x)));
  const f = Math.fround(x);
  if (!Number.isFinite(f)) return f > 0 ? 'INFINITY' : '(-INFINITY)';
  return parenthesizeNegative(`${shortestFloat32(f)}f`);
}

export function pythonLiteral(x: number): string {
  return parenthesizeNegative(floating(decimalOf(x).replace('e+', 'e')));
}

/** A number in LaTeX: `0.9`, `10^{-8}`, `1.5 \cdot 10^{21}`. */
export function latexNumber(x: number): string {
  const text = decimalOf(x);
  const m = /^(-?)([0-9.]+)e([+-]?)([0-9]+)$/.exec(text);
  if (!m) return parenthesizeNegative(text);
  const exponent = `10^{${m[3] === '-' ? '-' : ''}${m[4]}}`;
  const body = m[2] === '1' ? exponent : `${m[2]} \\cdot ${exponent}`;
  return m[1] ? `(-${body})` : body;
}
