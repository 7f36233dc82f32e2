/**
 * `symdisc simplify FILE|DIR [--task T] [--tolerance X] [--absolute] [--level L] [--backend B] [--json]`:
 * prints the symbolic rewrites and the simplified program; with --task, then the fitness-guided
 * steps with the score after each (simplify/fitness.ts), scored by the evaluator.
 */
import { printProgram } from '../dsl/print.ts';
import type { Program } from '../dsl/program.ts';
import { EXACTNESS_LEVELS, type Exactness } from '../dsl/simplify/exactness.ts';
import { type FitnessSimplifyResult, type FitnessStep, simplifyByFitness } from '../dsl/simplify/fitness.ts';
import { simplify, type SimplifyStep } from '../dsl/simplify/simplify.ts';
import { BACKENDS, createEvaluator } from '../eval/create-evaluator.ts';
import type { TaskRef } from '../eval/evaluator.ts';
import { getTask, TaskError } from '../eval/tasks/registry.ts';
import type { Command } from './command.ts';
import { loadProgram } from './program-source.ts';
import { oneOf, parseFlags } from './search-options.ts';
import { UsageError } from './usage-error.ts';

const usage = `Usage: symdisc simplify FILE|DIR [--task TASK] [--tolerance X] [--absolute] [--level L] [--backend B] [--json]

Simplifies the program in FILE (a program file or a seed name), or the best program of the run
directory DIR, and prints each step and the result.
Symbolically (always): dead code, optimizer state nobody reads, constant folding (in f64), copy
propagation, common subexpressions, canonical operand order, and rewrite rules from the op
table's facts and a rule table (e.g. m / sqrt(m*m) -> sign(m)).
  --level L          how exact every rewrite must be: bitwise (on every input, infinities and NaN
                     too), finite (default: exact unless the program overflows or underflows),
                     real (exact in real arithmetic; rounding may differ)
With --task, then fitness-guided: tries removing each statement, replacing a result by one of its
operands and rounding constants to fewer digits, keeping a change while the score stays within
the tolerance of the original score.
  --task TASK        the task to score on, e.g. opt:suite (symdisc tasks lists them)
  --tolerance X      how much worse a kept change may score (default 0.01): relative (1%), or
                     absolute for optimizer tasks, whose scores are log loss ratios (0.01 = 1%
                     more final loss)
  --absolute         the tolerance is absolute (default for opt:* tasks)
  --relative         the tolerance is relative to |score| (default for other tasks)
  --reference R      what the tolerance is measured from: original (the program's score) or
                     best (the best score so far; default for opt:* tasks, where a program found
                     on other tasks may first shed what hurts it here)
  --backend B        auto (default), webgpu, cpu
  --json             print one JSON object with every step and the programs`;

const FLAGS = {
  task: { accepts: 'a task id (symdisc tasks lists them)' },
  tolerance: { accepts: 'a number >= 0' },
  absolute: { boolean: true, accepts: '' },
  relative: { boolean: true, accepts: '' },
  reference: { accepts: 'original|best' },
  level: { accepts: EXACTNESS_LEVELS.join('|') },
  backend: { accepts: BACKENDS.join('|') },
  json: { boolean: true, accepts: '' },
} as const;

function formatScore(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  return x !== 0 && (Math.abs(x) < 1e-3 || Math.abs(x) >= 1e6) ? x.toExponential(4) : x.toPrecision(6);
}

function symbolicLines(steps: readonly SimplifyStep[], before: Program, after: Program): string[] {
  const width = Math.max(0, ...steps.map((s) => s.rule.length));
  return [
    `Symbolic simplification: ${steps.length} step${steps.length === 1 ? '' : 's'}, ${before.body.length} -> ${after.body.length} statements`,
    ...steps.map((s) => `  line ${String(s.line).padStart(2)}  ${s.rule.padEnd(width)}  ${s.before}  ->  ${s.after}${s.exactness === 'bitwise' ? '' : `  [${s.exactness}: ${s.why ?? ''}]`}`),
  ];
}

function fitnessLines(task: string, tolerance: number, absolute: boolean, reference: 'original' | 'best', r: FitnessSimplifyResult): string[] {
  const rows = r.steps.map((s: FitnessStep) => `  ${formatScore(s.score).padEnd(12)}  ${String(s.program.body.length).padStart(5)}  ${s.description}`);
  return [
    reference === 'best'
      ? `Fitness-guided simplification on ${task} (tolerance ${absolute ? tolerance : `${tolerance * 100}%`} of the best score so far; improvements first):`
      : `Fitness-guided simplification on ${task} (tolerance ${absolute ? tolerance : `${tolerance * 100}%`}: keep a change while score <= ${formatScore(r.threshold)}):`,
    `  ${'score'.padEnd(12)}  stmts  step`,
    ...rows,
  ];
}

function indent(text: string): string {
  return text
    .trimEnd()
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n');
}

export const command: Command = {
  name: 'simplify',
  summary: 'simplify a program symbolically and, with --task, by fitness',
  usage,
  async run(argv) {
    const flags = parseFlags('simplify', argv, FLAGS);
    if (flags.positional.length !== 1) throw new UsageError(`simplify: expected one FILE or run directory, got ${flags.positional.length}; usage: symdisc simplify FILE [--task TASK]`);
    const level: Exactness = oneOf('simplify', 'level', flags.values.get('level') ?? 'finite', EXACTNESS_LEVELS);
    const toleranceFlag = flags.values.get('tolerance');
    const tolerance = toleranceFlag === undefined ? 0.01 : Number(toleranceFlag);
    if (!(tolerance >= 0) || !Number.isFinite(tolerance)) throw new UsageError(`simplify: --tolerance must be a number >= 0, got '${toleranceFlag}'`);
    const taskId = flags.values.get('task');
    if (taskId === undefined && (toleranceFlag !== undefined || flags.booleans.has('absolute') || flags.booleans.has('relative') || flags.values.has('reference') || flags.values.has('backend'))) {
      throw new UsageError('simplify: --tolerance, --absolute, --relative, --reference and --backend apply to the fitness-guided pass: give --task too');
    }
    if (flags.booleans.has('absolute') && flags.booleans.has('relative')) throw new UsageError('simplify: give --absolute or --relative, not both');
    // Optimizer scores are log ratios to tuned AdamW: an absolute tolerance is a relative loss.
    const optimizerTask = taskId?.startsWith('opt:') ?? false;
    const absolute = flags.booleans.has('absolute') || (optimizerTask && !flags.booleans.has('relative'));
    const reference = oneOf('simplify', 'reference', flags.values.get('reference') ?? (optimizerTask ? 'best' : 'original'), ['original', 'best'] as const);
    const backend = oneOf('simplify', 'backend', flags.values.get('backend') ?? 'auto', BACKENDS);
    if (taskId !== undefined) {
      try {
        getTask(taskId);
      } catch (error) {
        if (error instanceof TaskError) throw new UsageError(`simplify: ${error.message}`);
        throw error;
      }
    }
    const loaded = loadProgram('simplify', flags.positional[0]);
    const symbolic = simplify(loaded.program, { level });
    const json = flags.booleans.has('json');
    const out: string[] = json ? [] : [`${loaded.origin}:`, indent(printProgram(loaded.program)), '', ...symbolicLines(symbolic.steps, loaded.program, symbolic.program), '', indent(printProgram(symbolic.program))];

    let fitness: FitnessSimplifyResult | undefined;
    if (taskId !== undefined) {
      const ref: TaskRef = { id: taskId };
      const evaluator = await createEvaluator({ backend, log: (line) => process.stderr.write(`${line}\n`) });
      try {
        fitness = await simplifyByFitness(
          loaded.program,
          async (programs) => (await evaluator.evaluate(ref, programs.map(printProgram))).map((r) => (r.valid ? r.score : Infinity)),
          { tolerance, toleranceMode: absolute ? 'absolute' : 'relative', reference, level, ...(json ? {} : { onStep: (s) => process.stderr.write(`simplify: ${formatScore(s.score)}  ${s.description}\n`) }) },
        );
      } finally {
        await evaluator.close();
      }
      if (!json) out.push('', ...fitnessLines(taskId, tolerance, absolute, reference, fitness), '', indent(printProgram(fitness.program)));
    }

    if (json) {
      const score = (x: number): number | string => (Number.isFinite(x) ? x : String(x));
      const result = {
        source: loaded.origin,
        program: printProgram(loaded.program),
        symbolic: { level, steps: symbolic.steps, program: printProgram(symbolic.program) },
        ...(fitness && taskId
          ? {
              fitness: {
                task: taskId,
                tolerance,
                toleranceMode: absolute ? 'absolute' : 'relative',
                reference,
                baseline: score(fitness.baseline),
                threshold: score(fitness.threshold),
                steps: fitness.steps.map((s) => ({ kind: s.kind, description: s.description, score: score(s.score), statements: s.program.body.length, program: printProgram(s.program) })),
                program: printProgram(fitness.program),
              },
            }
          : {}),
      };
      process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    } else {
      process.stdout.write(`${out.join('\n')}\n`);
    }
    return 0;
  },
};
