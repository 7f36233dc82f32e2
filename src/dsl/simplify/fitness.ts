/**
 * Fitness-guided simplification, as the Lion authors did by hand: try each small change, keep one
 * when the score stays within a tolerance of the original score, repeat until no change is kept.
 * The changes:
 *   - remove a statement (its readers read the variable's earlier value);
 *   - replace a statement's result by one of its operands (`update = update * lr` -> `update`);
 *   - round a constant to fewer significant digits (0.899 -> 0.9).
 * Every candidate is also simplified symbolically, so a removal takes its now-dead inputs along.
 * Scores come from a callback (lower is better), so this knows nothing about tasks or backends;
 * each round scores all candidates in one batch. Ties prefer fewer statements, then fewer digits.
 *
 * The tolerance is measured against the original score (or, with `reference: 'best'`, the best
 * score so far), never the previous step's, so a chain of small losses cannot drift away from the
 * program's quality. A round whose candidates include a real improvement (better than the best so
 * far by more than the tolerance) keeps the best-scoring one; otherwise it keeps the simplest
 * candidate within the tolerance. With `reference: 'best'` a program that scores badly on the task
 * (the Lion search's program on opt:suite, whose learning rates make its `arcsin(clip(g, lr))`
 * NaN) first sheds what hurts it and is then held to its improved score, instead of accepting any
 * degenerate program that scores a little less badly than the original, such as a constant step.
 */
import { formatNumber } from '../format-number.ts';
import { printProgram, printStatement } from '../print.ts';
import { literals, type Program, withLiterals } from '../program.ts';
import { allInputs } from '../signature.ts';
import { isValid } from '../validate.ts';
import type { Exactness } from './exactness.ts';
import { lowerGraph } from './lower.ts';
import { significantDigits, shorterConstants } from './round-constant.ts';
import { simplify } from './simplify.ts';
import { buildGraph, inputValue, nodeValue, type Value } from './value-graph.ts';

/** Scores a batch of programs (lower is better; Infinity or NaN for an invalid one), same order. */
export type ScorePrograms = (programs: readonly Program[]) => Promise<readonly number[]>;

export interface FitnessSimplifyOptions {
  /** How much worse than the original a kept change may score (default 0.01). */
  readonly tolerance?: number;
  /** `relative` (default): within tolerance × |original score|; `absolute`: within tolerance. */
  readonly toleranceMode?: 'relative' | 'absolute';
  /** Exactness of the symbolic pass run on every candidate (default `finite`). */
  readonly level?: Exactness;
  /** What the tolerance is measured from: the `original` score (default) or the `best` so far. */
  readonly reference?: 'original' | 'best';
  /** Upper bound on kept changes (default: enough for every statement and digit). */
  readonly maxSteps?: number;
  /** Called after each kept step (for live printing). */
  readonly onStep?: (step: FitnessStep) => void;
}

export interface FitnessStep {
  readonly kind: 'start' | 'symbolic' | 'remove' | 'replace' | 'round';
  /** What changed, e.g. `remove line 1: g = clip(g, lr)`. */
  readonly description: string;
  readonly program: Program;
  readonly score: number;
}

export interface FitnessSimplifyResult {
  readonly baseline: number;
  /** The worst score a kept change may have (the original score plus the tolerance). */
  readonly threshold: number;
  readonly program: Program;
  /** The chain: the start, then each kept change, with the score after it. */
  readonly steps: readonly FitnessStep[];
}

interface Candidate {
  readonly kind: FitnessStep['kind'];
  readonly description: string;
  readonly program: Program;
}

function digitCount(p: Program): number {
  return literals(p).reduce((sum, x) => sum + significantDigits(x), 0);
}

/** `p` with statement `index`'s value replaced by `value` everywhere it is read. */
function withStatementReplaced(p: Program, index: number, value: Value): Program {
  const g = buildGraph(p);
  g.nodes[index].alias = value;
  return lowerGraph(g);
}

/** The value statement `index`'s target held before it (undefined: the variable was new). */
function previousValue(p: Program, index: number): Value | undefined {
  const target = p.body[index].target;
  for (let j = index - 1; j >= 0; j--) if (p.body[j].target === target) return nodeValue(j);
  return allInputs(p.domain).includes(target) ? inputValue(target) : undefined;
}

function candidates(p: Program, level: Exactness): Candidate[] {
  const out: Candidate[] = [];
  const g = buildGraph(p);
  p.body.forEach((s, i) => {
    const text = printStatement(s);
    const before = previousValue(p, i);
    if (before) out.push({ kind: 'remove', description: `remove line ${i + 1}: ${text}`, program: withStatementReplaced(p, i, before) });
    g.nodes[i].args.forEach((arg, j) => {
      out.push({ kind: 'replace', description: `line ${i + 1}: ${text} -> ${s.target} = ${describeOperand(s.args[j])}`, program: withStatementReplaced(p, i, arg) });
    });
  });
  const values = literals(p);
  values.forEach((x, k) => {
    for (const shorter of shorterConstants(x)) {
      const next = [...values];
      next[k] = shorter;
      out.push({ kind: 'round', description: `round ${formatNumber(x)} -> ${formatNumber(shorter)}`, program: withLiterals(p, next) });
    }
  });
  return out
    .filter((c) => isValid(c.program))
    .map((c) => ({ ...c, program: simplify(c.program, { level }).program }));
}

function describeOperand(a: Program['body'][number]['args'][number]): string {
  return a.kind === 'lit' ? formatNumber(a.value) : a.name;
}

/** Runs the fitness-guided pass on `p` (see the module comment). */
export async function simplifyByFitness(p: Program, score: ScorePrograms, options: FitnessSimplifyOptions = {}): Promise<FitnessSimplifyResult> {
  const tolerance = options.tolerance ?? 0.01;
  const level = options.level ?? 'finite';
  const [baseline] = await score([p]);
  const bar = (best: number): number => (options.toleranceMode === 'absolute' ? best + tolerance : best + tolerance * Math.abs(best));
  const threshold = bar(baseline);
  let bestScore = baseline;
  const steps: FitnessStep[] = [];
  const keep = (step: FitnessStep): void => {
    steps.push(step);
    options.onStep?.(step);
  };
  keep({ kind: 'start', description: 'original program', program: p, score: baseline });
  if (!Number.isFinite(baseline)) return { baseline, threshold, program: p, steps };
  const within = (s: number): boolean => Number.isFinite(s) && s <= (options.reference === 'best' ? bar(bestScore) : threshold);
  /** Better than the best so far by more than the tolerance (a real improvement). */
  const improves = (s: number): boolean => Number.isFinite(s) && s < bestScore && bar(s) < bestScore;

  let current = p;
  const symbolic = simplify(p, { level }).program;
  if (printProgram(symbolic) !== printProgram(p)) {
    const [s] = await score([symbolic]);
    if (within(s)) {
      current = symbolic;
      bestScore = Math.min(bestScore, s);
      keep({ kind: 'symbolic', description: 'symbolic simplification', program: symbolic, score: s });
    }
  }

  const maxSteps = options.maxSteps ?? current.body.length + digitCount(current) + 4;
  for (let n = 0; n < maxSteps; n++) {
    const seen = new Set<string>([printProgram(current)]);
    const unique = candidates(current, level).filter((c) => {
      const text = printProgram(c.program);
      if (seen.has(text) || !simpler(c.program, current)) return false;
      seen.add(text);
      return true;
    });
    if (unique.length === 0) break;
    const scores = await score(unique.map((c) => c.program));
    const improving = scores.some(improves);
    let best = -1;
    for (let i = 0; i < unique.length; i++) {
      if (!within(scores[i]) || (improving && !improves(scores[i]))) continue;
      if (best === -1) best = i;
      else if (improving ? scores[i] < scores[best] || (scores[i] === scores[best] && better(unique[i].program, scores[i], unique[best].program, scores[best])) : better(unique[i].program, scores[i], unique[best].program, scores[best])) best = i;
    }
    if (best === -1) break;
    current = unique[best].program;
    bestScore = Math.min(bestScore, scores[best]);
    keep({ kind: unique[best].kind, description: unique[best].description, program: current, score: scores[best] });
  }
  return { baseline, threshold, program: current, steps };
}

/** Strictly simpler: fewer statements, or as many with fewer constant digits (so the loop ends). */
function simpler(a: Program, b: Program): boolean {
  return a.body.length < b.body.length || (a.body.length === b.body.length && digitCount(a) < digitCount(b));
}

/** Fewer statements, then fewer constant digits, then a lower score. */
function better(a: Program, scoreA: number, b: Program, scoreB: number): boolean {
  if (a.body.length !== b.body.length) return a.body.length < b.body.length;
  const da = digitCount(a);
  const db = digitCount(b);
  if (da !== db) return da < db;
  return scoreA < scoreB;
}
