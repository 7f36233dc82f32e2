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
 */
import { readFileSync } from 'node:fs';
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

export const COST_MODELS = ['interactions', 'ops', 'weights:FILE'] as const;

/** The cost model an option value names; TaskError for anything else. */
export function costModel(spec: string): CostModel {
  // One instance per spec: tasks rebuilt from the same options are equal.
  const cached = models.get(spec);
  if (cached) return cached;
  const model = makeCostModel(spec);
  models.set(spec, model);
  return model;
}

const models = new Map<string, CostModel>();

function makeCostModel(spec: string): CostModel {
  if (spec === 'interactions') return { spec, cost: (p) => weightedInteractions(p, INTERACTION_WEIGHT) };
  if (spec === 'ops') return { spec, cost: (p) => programCost(p).cost };
  if (spec.startsWith('weights:') && spec.length > 'weights:'.length) {
    const weight = readWeights(spec.slice('weights:'.length));
    return { spec, cost: (p) => weightedInteractions(p, weight) };
  }
  throw new TaskError(`cost must be one of ${COST_MODELS.join(', ')}, got '${spec}'`);
}
