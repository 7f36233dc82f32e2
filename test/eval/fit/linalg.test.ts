import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { choleskySolve, symmetricEigen } from '../../../src/eval/fit/linalg.ts';

function randomSpd(n: number, rng: () => number): Float64Array {
  const M = Float64Array.from({ length: n * n }, () => rng() - 0.5);
  const A = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      let s = i === j ? 0.1 : 0;
      for (let k = 0; k < n; k++) s += M[i * n + k] * M[j * n + k];
      A[i * n + j] = s;
    }
  return A;
}

describe('small dense linear algebra', () => {
  const rng = seedrandom('linalg');
  it('choleskySolve solves SPD systems and refuses indefinite ones', () => {
    for (const n of [1, 2, 5, 9]) {
      const A = randomSpd(n, rng);
      const x = Float64Array.from({ length: n }, () => rng() - 0.5);
      const b = Float64Array.from({ length: n }, (_, i) => x.reduce((s, xj, j) => s + A[i * n + j] * xj, 0));
      const got = choleskySolve(A, b, n)!;
      got.forEach((g, i) => expect(g).toBeCloseTo(x[i], 9));
    }
    expect(choleskySolve(Float64Array.from([1, 2, 2, 1]), Float64Array.from([1, 1]), 2)).toBeNull();
  });

  it('symmetricEigen reconstructs A = B diag(values) B^T with orthonormal B', () => {
    for (const n of [1, 3, 6]) {
      const A = randomSpd(n, rng);
      const { values, vectors: B } = symmetricEigen(A, n);
      for (let i = 0; i < n; i++)
        for (let j = 0; j < n; j++) {
          let a = 0;
          let orth = 0;
          for (let k = 0; k < n; k++) {
            a += B[i * n + k] * values[k] * B[j * n + k];
            orth += B[k * n + i] * B[k * n + j];
          }
          expect(a).toBeCloseTo(A[i * n + j], 12);
          expect(orth).toBeCloseTo(i === j ? 1 : 0, 12);
        }
    }
  });
});
