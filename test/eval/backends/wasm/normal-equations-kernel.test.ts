/**
 * The normal-equations kernel against the row-by-row JS loop it replaces (fit/lm-minimax.ts's
 * normalEquationsJs): the same bits for random Jacobians, weights (zeros included) and residuals
 * (non-finite ones included, which both skip), at every size from 1 to 9 constants.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_KERNEL_CONSTANTS, normalEquationsKernel } from '../../../../src/eval/backends/wasm/normal-equations-kernel.ts';
import { normalEquationsJs } from '../../../../src/eval/fit/lm-minimax.ts';

const entry = fc.oneof(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.constantFrom(0, -0, 1e-300, -2.5));

describe('normalEquationsKernel', () => {
  it('computes J^T W J and J^T W r as the JS loop does, bit for bit', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: 1, max: 40 }),
        fc.array(entry, { minLength: 9 * 40, maxLength: 9 * 40 }),
        fc.array(fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), fc.constant(0)), { minLength: 40, maxLength: 40 }),
        fc.array(fc.oneof(entry, fc.constantFrom(NaN, Infinity, -Infinity)), { minLength: 40, maxLength: 40 }),
        fc.boolean(),
        (n, m, js, ws, rs, weighted) => {
          const J = Float64Array.from(js.slice(0, m * n));
          const r = Float64Array.from(rs.slice(0, m));
          const w = weighted ? Float64Array.from(ws.slice(0, m)) : null;
          const expected = normalEquationsJs(J, r, w, n);
          const kernel = normalEquationsKernel(m, n);
          kernel.J.set(J);
          for (let i = 0; i < m; i++) {
            const wi = w ? w[i] : 1;
            const keep = wi !== 0 && Number.isFinite(r[i]);
            kernel.weight[i] = keep ? wi : 0;
            kernel.residual[i] = keep ? r[i] : 0;
          }
          const A = new Float64Array(n * n);
          const g = new Float64Array(n);
          kernel.solve(A, g);
          for (let k = 0; k < n * n; k++) if (!Object.is(A[k], expected.A[k])) expect.fail(`A[${k}]: JS ${expected.A[k]}, wasm ${A[k]} (m=${m}, n=${n})`);
          for (let k = 0; k < n; k++) if (!Object.is(g[k], expected.g[k])) expect.fail(`g[${k}]: JS ${expected.g[k]}, wasm ${g[k]} (m=${m}, n=${n})`);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('refuses sizes it is not generated for', () => {
    expect(() => normalEquationsKernel(10, 0)).toThrow(/1 <= n/);
    expect(() => normalEquationsKernel(10, MAX_KERNEL_CONSTANTS + 1)).toThrow(/1 <= n/);
  });
});
