/**
 * Behavioural fingerprint for the functional-equivalence cache: the program's f64 outputs on a
 * fixed, seeded set of 64 input points, each rounded to 10 significant digits, hashed. Programs
 * that compute the same function get the same fingerprint however they are written (a + b vs
 * b + a, x * 2 vs mul2(x), renaming, dead code), as long as their float64 results agree to 10
 * digits on every point; a meaningful change of a constant changes it.
 *
 * The point set (seedrandom with FINGERPRINT_SEED; fixed forever, since fingerprints are stored):
 *   optimizer (w, g, m, v, lr, t), 64 points:
 *     w, g, m, v: sign · 10^u with u uniform in [-4, 1] (magnitudes 1e-4..10, either sign);
 *       g is 0 at every 8th point (i ≡ 1 mod 8), m at i ≡ 3, v at i ≡ 5 (zero gradients and the
 *       zero-initialised state the first step sees);
 *     lr: 10^u with u uniform in [-4, 0];
 *     t: integers, 1 and 2 at the first two points, then round(10^u), u uniform in [0, 3] (1..1000).
 *   function (x), 64 points:
 *     32 uniform in [-4, 4], 24 uniform in [0, 1], and 8 special values 0, 1, -1, 0.5, -0.5, 2,
 *     1e-3, ln 2 / 2.
 * Rounding: finite values to 10 significant digits (-0 reads as 0); NaN, Infinity, -Infinity
 * map to the tokens `nan`, `inf`, `-inf`.
 */
import { createHash } from 'node:crypto';
import seedrandom from 'seedrandom';
import { interpretBatch } from './interpret.ts';
import type { Program } from './program.ts';
import { allInputs } from './signature.ts';
import type { Domain } from './signature.ts';

export const FINGERPRINT_SEED = 'symdisc-fingerprint-v1';
export const FINGERPRINT_POINTS = 64;
const SIGNIFICANT_DIGITS = 10;

function optimizerPoints(rng: () => number): Record<string, Float64Array> {
  const n = FINGERPRINT_POINTS;
  const cols: Record<string, Float64Array> = {};
  for (const name of ['w', 'g', 'm', 'v', 'lr', 't']) cols[name] = new Float64Array(n);
  const zeroAt: Record<string, number> = { g: 1, m: 3, v: 5 };
  for (let i = 0; i < n; i++) {
    for (const name of ['w', 'g', 'm', 'v']) {
      const magnitude = 10 ** (-4 + 5 * rng());
      const sign = rng() < 0.5 ? -1 : 1;
      cols[name][i] = i % 8 === zeroAt[name] ? 0 : sign * magnitude;
    }
    cols.lr[i] = 10 ** (-4 + 4 * rng());
    cols.t[i] = i < 2 ? i + 1 : Math.round(10 ** (3 * rng()));
  }
  return cols;
}

function functionPoints(rng: () => number): Record<string, Float64Array> {
  const xs: number[] = [];
  for (let i = 0; i < 32; i++) xs.push(-4 + 8 * rng());
  for (let i = 0; i < 24; i++) xs.push(rng());
  xs.push(0, 1, -1, 0.5, -0.5, 2, 1e-3, Math.LN2 / 2);
  return { x: Float64Array.from(xs) };
}

const pointSets = new Map<Domain, readonly Float64Array[]>();

/** The fixed input columns of a domain, in `allInputs(domain)` order. */
export function fingerprintInputs(domain: Domain): readonly Float64Array[] {
  let set = pointSets.get(domain);
  if (!set) {
    const rng = seedrandom(`${FINGERPRINT_SEED}:${domain}`);
    const cols = domain === 'optimizer' ? optimizerPoints(rng) : functionPoints(rng);
    set = allInputs(domain).map((name) => {
      const col = cols[name];
      if (!col || col.length !== FINGERPRINT_POINTS) throw new Error(`fingerprint: no points for input '${name}'`);
      return col;
    });
    pointSets.set(domain, set);
  }
  return set;
}

function token(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  if (x === 0) return '0';
  return x.toPrecision(SIGNIFICANT_DIGITS);
}

const inputRecords = new Map<Domain, Readonly<Record<string, Float64Array>>>();

function inputRecord(domain: Domain): Readonly<Record<string, Float64Array>> {
  let record = inputRecords.get(domain);
  if (!record) {
    const columns = fingerprintInputs(domain);
    record = Object.fromEntries(allInputs(domain).map((name, j) => [name, columns[j]]));
    inputRecords.set(domain, record);
  }
  return record;
}

/** The behavioural fingerprint of `p` (16 hex digits). */
export function fingerprint(p: Program): string {
  // The interpreter, not a compiled closure: the two agree bit for bit (test/dsl/compile.test.ts),
  // and on 64 points interpreting costs a small fraction of generating and compiling a closure
  // (the main thread fingerprints every child while the workers wait for the batch).
  const outputs = interpretBatch(p, inputRecord(p.domain), 'f64');
  let text = p.domain;
  for (const col of outputs) {
    text += '|';
    for (let i = 0; i < col.length; i++) text += `${token(col[i])},`;
  }
  return createHash('sha1').update(text).digest('hex').slice(0, 16);
}
