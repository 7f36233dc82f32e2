/**
 * The hurdle stage's scores (opt:suite with `stage: hurdle`, src/eval/tasks/optimizer/stage.ts) of
 * the programs bench/opt-families.ts scores (same mutants, same order), with its seconds per
 * candidate; the Spearman ρ against the full opt:suite score, and how many of the best programs a
 * median hurdle keeps, come from combining it with that bench's per-family scores.
 *
 *   npx tsx bench/opt-hurdle-scores.ts [--mutants 200] [--seed 1] [--out FILE]
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { compileProgram } from '../src/dsl/compile.ts';
import { baselineVariants } from '../src/eval/tasks/optimizer/baselines.ts';
import { BASELINE_SEEDS, scoreRule } from '../src/eval/tasks/optimizer/score.ts';
import { optimizerTask } from '../src/eval/tasks/optimizer/task.ts';
import { adamwMutants } from './opt-families.ts';

const argv = process.argv.slice(2);
const flag = (name: string, fallback: string): string => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1] : fallback;
};
const programs = [...BASELINE_SEEDS.flatMap((name) => baselineVariants(name).map((v) => v.program)), ...adamwMutants(Number(flag('mutants', '200')), Number(flag('seed', '1')))];
const task = optimizerTask('opt:suite', { stage: 'hurdle' });
if (!task) throw new Error('no hurdle task');
const scores: number[] = [];
scoreRule(compileProgram(programs[0], 'f32'), task); // baselines tuned outside the timing
const t0 = performance.now();
for (const p of programs) {
  try {
    scores.push(scoreRule(compileProgram(p, 'f32'), task).score);
  } catch {
    // Not compiled: opt-families.ts leaves it out too.
  }
}
const seconds = (performance.now() - t0) / 1000;
const out = resolve(flag('out', 'results/bench/opt-hurdle-scores.json'));
writeFileSync(out, `${JSON.stringify({ benchmark: 'opt-hurdle-scores', date: new Date().toISOString(), families: task.families, instances: task.instances, programs: scores.length, secondsPerCandidate: seconds / scores.length, scores }, null, 1)}\n`);
process.stdout.write(`hurdle stage (${task.families.join(', ')}, ${task.instances} instances): ${scores.length} programs, ${(seconds / scores.length).toFixed(3)} s per candidate; wrote ${out}\n`);
