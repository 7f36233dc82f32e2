/**
 * Cost models of function tasks (the `cost` option; the archive keeps the best program per cost):
 *
 * - `interactions` (default, AutoNumerics-Zero): the live ops that depend on x; a subexpression
 *   of constants alone is free (it folds to one constant). Each op weighs 1 except `fma`, which
 *   weighs 2: it is a multiply and an add, and with weight 1 a degree-n fma-Horner polynomial
 *   would cost n and "beat" the minimax polynomial of equal cost (2n) for free.
 * - `ops`: every live op, with the op table's costs (constant subexpressions included).
 * - `weights:FILE`: per-op weights from a JSON object `{ "div": 4, "sqrt": 8, "default": 1 }`
 *   over the ops that depend on x (an op not named weighs `default`, itself 1 if absent).
 * - `latency`: the critical path, not the op count: the longest chain of dependent live ops that
 *   depend on x, each weighing its latency in exported C on the project's machine
 *   (op-latency.json beside this file, measured by bench/op-latency.ts: gcc -O2, ns per op in a
 *   dependent chain, per precision), so that ops which run in parallel count once. The unit is
 *   the latency of one add in the task's precision: the cost is the critical path in ns divided
 *   by the add's ns, rounded to the nearest integer (an add or mul chain of n costs about n, a
 *   Horner polynomial of degree n about 2n, like `interactions`; a division or square root costs
 *   several), so the archive keeps integer buckets.
 */
import { readFileSync } from 'node:fs';
import type { Precision } from '../../../dsl/ops/table.ts';
import { OPS } from '../../../dsl/ops/table.ts';
import type { Program } from '../../../dsl/program.ts';
import { allInputs } from '../../../dsl/signature.ts';
import { programCost } from '../../program-cost.ts';
import { TaskError } from '../types.ts';

export interface CostModel {
  /** The option's value: `interactions`, `ops` or `weights:FILE`. */
  readonly spec: string;
  cost(p: Program): number;
}

/** Which statements some output depends on. */
function liveStatements(p: Program): boolean[] {
  const out = new Array<boolean>(p.body.length).fill(false);
  const needed = new Set<string>(p.outputs);
  for (let i = p.body.length - 1; i >= 0; i--) {
    const s = p.body[i];
    if (!needed.has(s.target)) continue;
    out[i] = true;
    needed.delete(s.target);
    for (const a of s.args) if (a.kind === 'var') needed.add(a.name);
  }
  return out;
}

/** Sum of `weight(op)` over the live statements that depend on an input. */
export function weightedInteractions(p: Program, weight: (op: string) => number): number {
  const live = liveStatements(p);
  const depends = new Map<string, boolean>(allInputs(p.domain).map((n) => [n, true]));
  let total = 0;
  p.body.forEach((s, i) => {
    const d = s.args.some((a) => a.kind === 'var' && depends.get(a.name) === true);
    depends.set(s.target, d);
    if (live[i] && d) total += weight(s.op);
  });
  return total;
}

const INTERACTION_WEIGHT = (op: string): number => (op === 'fma' ? 2 : 1);

const weightFiles = new Map<string, (op: string) => number>();

function readWeights(file: string): (op: string) => number {
  const cached = weightFiles.get(file);
  if (cached) return cached;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new TaskError(`cost weights:${file}: ${(error as Error).message}`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new TaskError(`cost weights:${file}: expected a JSON object of op names to weights`);
  const known = new Set(OPS.map((o) => o.name));
  const table = new Map<string, number>();
  for (const [name, w] of Object.entries(raw as Record<string, unknown>)) {
    if (name !== 'default' && !known.has(name)) throw new TaskError(`cost weights:${file}: unknown op '${name}'`);
    if (typeof w !== 'number' || !(w >= 0) || !Number.isFinite(w)) throw new TaskError(`cost weights:${file}: weight of '${name}' must be a number >= 0`);
    table.set(name, w);
  }
  const fallback = table.get('default') ?? 1;
  const weight = (op: string): number => table.get(op) ?? fallback;
  weightFiles.set(file, weight);
  return weight;
}

/**
 * The length of the longest dependency chain through the live statements that depend on an
 * input, each statement weighing `latency(op)` (an input or a constant is ready at time 0).
 */
export function criticalPath(p: Program, latency: (op: string) => number): number {
  const live = liveStatements(p);
  // Ready time of each variable's current value; undefined: it does not depend on an input.
  const ready = new Map<string, number | undefined>(allInputs(p.domain).map((n) => [n, 0]));
  p.body.forEach((s, i) => {
    let start: number | undefined;
    for (const a of s.args) {
      if (a.kind !== 'var') continue;
      const t = ready.get(a.name);
      if (t !== undefined) start = Math.max(start ?? 0, t);
    }
    const done = start === undefined ? undefined : start + (live[i] ? latency(s.op) : 0);
    ready.set(s.target, done);
  });
  let longest = 0;
  for (const out of p.outputs) longest = Math.max(longest, ready.get(out) ?? 0);
  return longest;
}

/** The measured table (bench/op-latency.ts writes it, with the machine, gcc and date). */
export interface OpLatencyTable {
  readonly machine: string;
  readonly gcc: string;
  readonly date: string;
  readonly f32: Readonly<Record<string, number>>;
  readonly f64: Readonly<Record<string, number>>;
}

let latencyTable: OpLatencyTable | undefined;

export function opLatencyTable(): OpLatencyTable {
  latencyTable ??= JSON.parse(readFileSync(new URL('./op-latency.json', import.meta.url), 'utf8')) as OpLatencyTable;
  return latencyTable;
}

/** The `latency` cost of `p` in `precision`: its critical path in units of one add's latency, rounded. */
export function latencyCost(p: Program, precision: Precision, table: OpLatencyTable = opLatencyTable()): number {
  const ns = table[precision];
  const unit = ns.add > 0 ? ns.add : 1;
  return Math.round(criticalPath(p, (op) => ns[op] ?? 0) / unit);
}

export const COST_MODELS = ['interactions', 'ops', 'weights:FILE', 'latency'] as const;

/** The cost model an option value names (`latency` reads the table of `precision`); TaskError for anything else. */
export function costModel(spec: string, precision: Precision = 'f32'): CostModel {
  // One instance per spec: tasks rebuilt from the same options are equal.
  const key = spec === 'latency' ? `${spec}/${precision}` : spec;
  const cached = models.get(key);
  if (cached) return cached;
  const model = makeCostModel(spec, precision);
  models.set(key, model);
  return model;
}

const models = new Map<string, CostModel>();

function makeCostModel(spec: string, precision: Precision): CostModel {
  if (spec === 'latency') {
    const table = opLatencyTable();
    return { spec, cost: (p) => latencyCost(p, precision, table) };
  }
  if (spec === 'interactions') return { spec, cost: (p) => weightedInteractions(p, INTERACTION_WEIGHT) };
  if (spec === 'ops') return { spec, cost: (p) => programCost(p).cost };
  if (spec.startsWith('weights:') && spec.length > 'weights:'.length) {
    const weight = readWeights(spec.slice('weights:'.length));
    return { spec, cost: (p) => weightedInteractions(p, weight) };
  }
  throw new TaskError(`cost must be one of ${COST_MODELS.join(', ')}, got '${spec}'`);
}
