/**
 * Truncated power series ("jets") with Decimal coefficients: a jet of order n is the Taylor
 * expansion c_0 + c_1 t + ... + c_n t^n of a function of t about t = 0. Used to get exact Taylor
 * coefficients of the built-in targets (Taylor baselines) without numerical differentiation.
 * The recurrences follow from differentiating g = F(f): e.g. g = exp f gives g' = f' g.
 */
import type { Decimal } from 'decimal.js';
import { HP } from './decimal-functions.ts';

export type Jet = readonly Decimal[];

const zero = (): Decimal => new HP(0);

/** The jet of t -> a + b t (the identity shifted to a point, or a linear map of it). */
export function linearJet(a: Decimal.Value, b: Decimal.Value, order: number): Jet {
  const out = Array.from({ length: order + 1 }, zero);
  out[0] = new HP(a);
  if (order >= 1) out[1] = new HP(b);
  return out;
}

export const addJets = (f: Jet, g: Jet): Jet => f.map((c, k) => c.plus(g[k]));

export const scaleJet = (f: Jet, s: Decimal.Value): Jet => f.map((c) => c.times(s));

/** f + s (a constant added to the value term only). */
export const shiftJet = (f: Jet, s: Decimal.Value): Jet => f.map((c, k) => (k === 0 ? c.plus(s) : c));

export function mulJets(f: Jet, g: Jet): Jet {
  return f.map((_, k) => {
    let s = zero();
    for (let j = 0; j <= k; j++) s = s.plus(f[j].times(g[k - j]));
    return s;
  });
}

/** exp f: g_0 = e^{f_0}, g_k = (1/k) sum_{j=1..k} j f_j g_{k-j}. */
export function expJet(f: Jet): Jet {
  const g: Decimal[] = [HP.exp(f[0])];
  for (let k = 1; k < f.length; k++) {
    let s = zero();
    for (let j = 1; j <= k; j++) s = s.plus(f[j].times(g[k - j]).times(j));
    g.push(s.div(k));
  }
  return g;
}

/** ln f (f_0 > 0): g_k = (f_k - (1/k) sum_{j=1..k-1} j g_j f_{k-j}) / f_0. */
export function lnJet(f: Jet): Jet {
  const g: Decimal[] = [HP.ln(f[0])];
  for (let k = 1; k < f.length; k++) {
    let s = zero();
    for (let j = 1; j < k; j++) s = s.plus(g[j].times(f[k - j]).times(j));
    g.push(f[k].minus(s.div(k)).div(f[0]));
  }
  return g;
}

/** 1 / f (f_0 != 0): g_k = -(1/f_0) sum_{j=1..k} f_j g_{k-j}. */
export function recipJet(f: Jet): Jet {
  const g: Decimal[] = [new HP(1).div(f[0])];
  for (let k = 1; k < f.length; k++) {
    let s = zero();
    for (let j = 1; j <= k; j++) s = s.plus(f[j].times(g[k - j]));
    g.push(s.neg().div(f[0]));
  }
  return g;
}

/** sin f and cos f together: s' = f' c, c' = -f' s. */
export function sinCosJet(f: Jet): { sin: Jet; cos: Jet } {
  const s: Decimal[] = [HP.sin(f[0])];
  const c: Decimal[] = [HP.cos(f[0])];
  for (let k = 1; k < f.length; k++) {
    let ss = zero();
    let cc = zero();
    for (let j = 1; j <= k; j++) {
      ss = ss.plus(f[j].times(c[k - j]).times(j));
      cc = cc.plus(f[j].times(s[k - j]).times(j));
    }
    s.push(ss.div(k));
    c.push(cc.neg().div(k));
  }
  return { sin: s, cos: c };
}

/** The antiderivative with value `at0` at t = 0, truncated to the same order as f. */
export function integrateJet(f: Jet, at0: Decimal): Jet {
  const out: Decimal[] = [at0];
  for (let k = 1; k < f.length; k++) out.push(f[k - 1].div(k));
  return out;
}

/**
 * Re-expands sum_k b_k (x - c)^k in powers of x: a_m = sum_{k>=m} b_k C(k, m) (-c)^{k-m}.
 */
export function shiftToMonomials(b: Jet, center: Decimal): Decimal[] {
  const n = b.length - 1;
  const out: Decimal[] = [];
  for (let m = 0; m <= n; m++) {
    let s = zero();
    let binom = new HP(1); // C(k, m) for k = m
    let power = new HP(1); // (-c)^{k-m}
    for (let k = m; k <= n; k++) {
      if (k > m) {
        binom = binom.times(k).div(k - m);
        power = power.times(center.neg());
      }
      s = s.plus(b[k].times(binom).times(power));
    }
    out.push(s);
  }
  return out;
}
