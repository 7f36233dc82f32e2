/**
 * A real labelled data set as a table (rows of features, integer labels), and the seeded
 * training / held-out split the real-data families train and evaluate on.
 */
import type { Dataset } from '../families/datasets.ts';
import type { InstanceRng } from '../rng.ts';

export interface LabelledTable {
  /** rows × features, row-major. */
  readonly x: Float64Array;
  /** One class index per row. */
  readonly y: Int32Array;
  readonly rows: number;
  readonly features: number;
  readonly classes: number;
}

/**
 * Draws disjoint training and held-out rows (a seeded shuffle), then standardizes every feature
 * by the training rows' mean and standard deviation (a constant feature is only centred), as one
 * would preprocess real data: the held-out rows never inform the scaling.
 */
export function splitStandardized(table: LabelledTable, nTrain: number, nHeldOut: number, rng: InstanceRng): { readonly train: Dataset; readonly holdout: Dataset } {
  if (nTrain + nHeldOut > table.rows) throw new Error(`split: ${nTrain} + ${nHeldOut} rows requested, the table has ${table.rows}`);
  const order = Int32Array.from({ length: table.rows }, (_, i) => i);
  for (let i = table.rows - 1; i > 0; i--) {
    const j = Math.floor(rng.uniform() * (i + 1));
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  const d = table.features;
  const mean = new Float64Array(d);
  const std = new Float64Array(d);
  for (let r = 0; r < nTrain; r++) for (let j = 0; j < d; j++) mean[j] += table.x[order[r] * d + j] / nTrain;
  for (let r = 0; r < nTrain; r++) for (let j = 0; j < d; j++) std[j] += (table.x[order[r] * d + j] - mean[j]) ** 2 / nTrain;
  for (let j = 0; j < d; j++) std[j] = std[j] > 1e-12 ? Math.sqrt(std[j]) : 1;
  const take = (start: number, n: number): Dataset => {
    const x = new Float64Array(n * d);
    const y = new Float64Array(n);
    for (let r = 0; r < n; r++) {
      const row = order[start + r];
      for (let j = 0; j < d; j++) x[r * d + j] = (table.x[row * d + j] - mean[j]) / std[j];
      y[r] = table.y[row];
    }
    return { x, y, n, d, classes: table.classes };
  };
  return { train: take(0, nTrain), holdout: take(nTrain, nHeldOut) };
}
