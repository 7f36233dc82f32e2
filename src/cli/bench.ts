/** `symdisc bench`: the evaluation benchmark (bench/run.ts). */
import { BenchUsageError, runBench } from '../../bench/run.ts';
import type { Command } from './command.ts';
import { UsageError } from './usage-error.ts';

const usage = `Usage: symdisc bench [--quick | --full] [--backends webgpu,cpu] [--ops all,arith] [--strategy S] [--no-kernels] [--out FILE]

Measures node-evaluations per second (program ops x points / s) of the webgpu and cpu backends
side by side, over batches of 64-1024 random programs of 5-30 ops and 2^12-2^16 points, with the
GPU compile time as a share of its time. Writes results/bench/eval.json (or FILE) and prints a table.
Then the kernels side by side on the same programs: the cpu backend's JS closures, its SIMD
WebAssembly modules, and gcc -O3 -march=native (when gcc is present) as the machine's reference,
one thread and all cores, with wasm's compile share; writes kernels.json beside eval.json.
Then optimizer training on opt:suite: candidate x instance trainings/s and parameter-updates/s of
the CPU trainer (1 thread) and the WGSL kernel, and candidates/s through each pool; writes
optimizer.json beside eval.json.
  --quick   a smaller grid (batches 64, 256; points 2^12, 2^16)
  --full    the whole grid (batches 64-1024; points 2^12-2^16, every power of two)
  --ops     op mixes: all (every op) and/or arith (+ - * / fma, exact scalings); default both
  --strategy  how the GPU runs candidates: hybrid (default), compiled, interpreter
  --no-kernels  skip the closures / wasm / gcc kernel comparison`;

export const command: Command = {
  name: 'bench',
  summary: 'benchmark the evaluation backends (node-evaluations/s), write results/bench/eval.json',
  usage,
  async run(argv) {
    try {
      return await runBench(argv);
    } catch (error) {
      if (error instanceof BenchUsageError) throw new UsageError(error.message);
      throw error;
    }
  },
};
