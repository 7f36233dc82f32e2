/**
 * A user-defined task kind in one file, loaded with `--task-module examples/csv-target/csv-target.ts`:
 * a function target given as a table of points, `x,y` rows of a CSV file (a header line allowed).
 * Every `NAME.csv` beside this file is the task `csv:NAME` (here `csv:log1p`); the option `file`
 * points a task at another CSV. Programs are `def f(x): ... return y`, scored in float64 on every
 * row: objectives maxAbsError (max |f(x) - y|) and cost (interactions), as fn:* tasks have them.
 *
 * The kind has a CPU scorer only, so it runs on CPU threads whatever `--backend` says (a GPU
 * scorer would add `gpu: { supports, create }`, see src/eval/tasks/types.ts TaskKind).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Program } from '../../src/dsl/program.ts';
import { TaskError } from '../../src/errors.ts';
import type { CandidateResult } from '../../src/eval/evaluator.ts';
import { programCost } from '../../src/eval/program-cost.ts';
import { ColumnPool, evaluateColumnar } from '../../src/eval/tasks/function/columnar.ts';
import { functionSearchSpace } from '../../src/eval/tasks/function/search-space.ts';
import type { TaskDefinition, TaskKind, TaskOptions } from '../../src/eval/tasks/types.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
const MEASURES = ['maxAbsError', 'rmsError', 'cost', 'ops', 'interactions'] as const;
// What a search may write and starts from: the fn:* tasks' search space (ops, constants, NSGA-II
// settings, low-degree seeds), in float64, with cost = interactions as the `cost` measure.
const SEARCH_SPACE = functionSearchSpace((p) => programCost(p).interactions, 'f64');

interface CsvTask extends TaskDefinition {
  readonly kind: 'csv-target';
  readonly domain: 'function';
  readonly xs: Float64Array;
  readonly ys: Float64Array;
}

/** The rows of a CSV file: `x,y` numbers, blank lines and one non-numeric header line skipped. */
function readTable(id: string, file: string): { xs: Float64Array; ys: Float64Array } {
  if (!existsSync(file)) throw new TaskError(`task ${id}: no such CSV file '${file}'`);
  const xs: number[] = [];
  const ys: number[] = [];
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      const cells = line.trim().split(',');
      if (cells.length === 1 && cells[0] === '') return;
      const [x, y] = cells.map(Number);
      if (cells.length !== 2 || !Number.isFinite(x) || !Number.isFinite(y)) {
        if (i === 0) return; // the header
        throw new TaskError(`${file}:${i + 1}: expected 'x,y' with two finite numbers, got '${line.trim().slice(0, 60)}'`);
      }
      xs.push(x);
      ys.push(y);
    });
  if (xs.length < 2) throw new TaskError(`task ${id}: ${file} has ${xs.length} rows; at least 2 needed`);
  return { xs: Float64Array.from(xs), ys: Float64Array.from(ys) };
}

function csvTask(id: string, options: TaskOptions): CsvTask {
  for (const key of Object.keys(options)) if (key !== 'file') throw new TaskError(`task ${id}: unknown option '${key}' (options: file)`);
  if (options.file !== undefined && typeof options.file !== 'string') throw new TaskError(`task ${id}: file must be a path`);
  const file = resolve(options.file ?? join(HERE, `${id.slice('csv:'.length)}.csv`));
  const { xs, ys } = readTable(id, file);
  let lo = Infinity;
  let hi = -Infinity;
  for (const x of xs) [lo, hi] = [Math.min(lo, x), Math.max(hi, x)];
  return Object.freeze({
    id,
    kind: 'csv-target',
    domain: 'function',
    description: `the ${xs.length} points of ${basename(file)} on [${lo}, ${hi}]`,
    objectives: Object.freeze(['maxAbsError', 'cost']),
    measures: MEASURES,
    options: Object.freeze<TaskOptions>(options.file !== undefined ? { file } : {}),
    searchSpace: SEARCH_SPACE,
    xs,
    ys,
  });
}

function score(task: CsvTask, p: Program, pool: ColumnPool): CandidateResult {
  const n = task.xs.length;
  pool.reset();
  const [out] = evaluateColumnar(p, [task.xs], n, 'f64', pool);
  let maxAbs = 0;
  let squares = 0;
  for (let i = 0; i < n; i++) {
    const y = typeof out === 'number' ? out : out[i];
    const e = Math.abs(y - task.ys[i]);
    if (!Number.isFinite(e)) return { score: Infinity, valid: false, measures: Object.fromEntries(MEASURES.map((m) => [m, Infinity])), error: `non-finite output at x = ${task.xs[i]}` };
    maxAbs = Math.max(maxAbs, e);
    squares += e * e;
  }
  const { cost, interactions } = programCost(p);
  return { score: maxAbs, valid: true, measures: { maxAbsError: maxAbs, rmsError: Math.sqrt(squares / n), cost: interactions, ops: cost, interactions } };
}

const csvTargetKind: TaskKind<CsvTask> = {
  name: 'csv-target',
  families: [
    {
      prefix: 'csv:',
      ids: () => readdirSync(HERE).filter((f) => f.endsWith('.csv')).map((f) => `csv:${f.slice(0, -'.csv'.length)}`),
      get: (id, options) => (id.startsWith('csv:') ? csvTask(id, options) : undefined),
    },
  ],
  scoreOnCpu(task, programs) {
    const pool = new ColumnPool(task.xs.length);
    return programs.map((p) => score(task, p, pool));
  },
};

export default csvTargetKind;
