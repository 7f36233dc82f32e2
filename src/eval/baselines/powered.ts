/**
 * Powered forms: y = r(x)^(2^k), r an approximation of the target's 2^k-th root, k squarings. The
 * numerics engineer's argument reduction for exponentials (2^x = (2^(x/2^k))^(2^k)): the root of
 * an exponential is an exponential of a 2^k times narrower range, which a polynomial or rational of
 * the same degree approximates to a far higher order, and k squarings multiply its relative error
 * by only about 2^k. AutoNumerics-Zero's best programs for 2^x end in such squarings (ANCHORS.md:
 * f10 is a rational raised to the 8th power). Defined for any target that is positive on the
 * interval; task-baselines.ts keeps a powered form only where it beats every unpowered baseline of
 * its cost or less, so for a target where roots do not help none is kept.
 */
import { program, statement, v, type Program } from '../../dsl/program.ts';
import { sqrt as ddSqrt, type DD } from '../reference/dd.ts';
import { highPrecisionValues, type Reference } from '../reference/targets.ts';

/** Squarings tried: the root's range shrinks 2^k times, its error is multiplied ~2^k times. */
export const POWERED_SQUARINGS: readonly number[] = Object.freeze([1, 2, 3, 4]);

const POSITIVITY_SAMPLES = 64;

/** Whether the target is finite and > 0 at sample points across the interval (ends included where finite). */
export function positiveOn(target: Reference, interval: readonly [number, number]): boolean {
  const [a, b] = interval;
  for (let i = 0; i <= POSITIVITY_SAMPLES; i++) {
    const x = a + ((b - a) * i) / POSITIVITY_SAMPLES;
    let y: DD;
    try {
      y = target.evalPoint(x);
    } catch {
      return false;
    }
    if (!(y.hi > 0) || !Number.isFinite(y.hi)) return false;
  }
  return true;
}

/** The target's 2^k-th root as a reference: double-double square roots of its double-double values. */
export function rootReference(target: Reference, k: number): Reference {
  const power = 2 ** k;
  const point = (x: number): DD => {
    let y = target.evalPoint(x);
    for (let j = 0; j < k; j++) y = ddSqrt(y);
    return y;
  };
  return Object.freeze({
    name: `${target.name}^(1/${power})`,
    expression: `(${target.expression})^(1/${power})`,
    interval: target.interval,
    measure: target.measure,
    accuracy: target.accuracy,
    evalPoint: point,
    evalHighPrecision: (xs: ArrayLike<number>) => highPrecisionValues(point, xs),
    evalF64(xs: ArrayLike<number>) {
      const ys = target.evalF64(xs);
      return ys.map((y) => y ** (1 / power));
    },
  });
}

/** `inner` with its output squared k times (`y = y * y`): cost k more in every cost model. */
export function poweredProgram(inner: Program, k: number): Program {
  const out = inner.outputs[0];
  const squarings = Array.from({ length: k }, () => statement(out, 'mul', [v(out), v(out)]));
  return program(inner.domain, [...inner.body, ...squarings], inner.outputs);
}
