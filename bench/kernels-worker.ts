/** A bench/kernels.ts worker thread: the warm wasm rate of the programs it is given, posted back. */
import { parentPort, workerData } from 'node:worker_threads';
import type { Precision } from '../src/dsl/ops/table.ts';
import { parseProgram } from '../src/dsl/parse.ts';
import { wasmRates } from './kernels.ts';

const { texts, precision, points, minMs } = workerData as { texts: string[]; precision: Precision; points: number; minMs: number };
const programs = texts.map((t, k) => parseProgram(t, `bench-${k}.sym`));
const xs = Float64Array.from({ length: points }, (_, i) => {
  const x = -1 + (2 * i) / (points - 1);
  return precision === 'f32' ? Math.fround(x) : x;
});
parentPort?.postMessage(wasmRates(programs, xs, precision, minMs).warm);
