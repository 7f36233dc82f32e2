/**
 * Symbolic simplification (no fitness): the program is turned into a value graph (value-graph.ts),
 * rewritten to a fixed point, and written back (lower.ts). The passes:
 *   - unused optimizer state: a returned `m`/`v` the program never reads (unused-state.ts);
 *   - constant folding in f64 (fold.ts);
 *   - rewrite rules: hand-written patterns and op-table facts (rules.ts, fact-rules.ts), applied
 *     consumer first so `m / sqrt(m*m)` matches whole before `sqrt(m*m)` does;
 *   - copy propagation: a statement rewritten into a copy (`x * 1`) is an alias, and its readers
 *     read the original (the language has no copy statement);
 *   - common-subexpression elimination (cse.ts) and canonical commutative order (commute.ts);
 *   - dead code: only statements whose value reaches an output are written back, which also drops
 *     statements overwritten before use.
 *
 * The result computes the same outputs as the input (exactly, within the exactness `level`; see
 * exactness.ts), except a state output nobody reads, and never has more statements.
 */
import { printStatement } from '../print.ts';
import type { Program } from '../program.ts';
import { canonicalOrder } from './commute.ts';
import { expressionKey } from './cse.ts';
import { nodeText, operandText } from './describe.ts';
import { allowedAt, type Exactness } from './exactness.ts';
import { foldedValue } from './fold.ts';
import { lowerGraph } from './lower.ts';
import { leafValue, matchPattern } from './pattern.ts';
import { REWRITE_RULES, type RewriteRule } from './rules.ts';
import { unobservedStateOutputs } from './unused-state.ts';
import { buildGraph, liveNodes, litValue, nodeValue, resolve, type GraphNode, type Value, type ValueGraph } from './value-graph.ts';

export interface SimplifyOptions {
  /** The least exact rewrites applied (default `finite`: exact unless the program overflows). */
  readonly level?: Exactness;
  /** Fold constant statements in f64 (default true). */
  readonly fold?: boolean;
  /** Rules to try (default: the whole table). */
  readonly rules?: readonly RewriteRule[];
}

export interface SimplifyStep {
  /** `dead-code`, `unused-state`, `fold`, `cse`, `commute`, or a rule name (`lion-sign`, `identity:mul`). */
  readonly rule: string;
  /** 1-based statement of the input program the step concerns. */
  readonly line: number;
  readonly before: string;
  /** The statement after the step, or what became of it (`(removed)`, `copy of x`). */
  readonly after: string;
  readonly exactness: Exactness;
  /** Why the step holds, for rules. */
  readonly why?: string;
}

export interface SimplifyResult {
  readonly program: Program;
  readonly steps: readonly SimplifyStep[];
}

/** Simplifies `p`; see the module comment. `p` must be valid. */
export function simplify(p: Program, options: SimplifyOptions = {}): SimplifyResult {
  const level = options.level ?? 'finite';
  const rules = (options.rules ?? REWRITE_RULES).filter((r) => allowedAt(r.exactness, level));
  const g = buildGraph(p);
  const steps: SimplifyStep[] = [];
  /** Nodes whose disappearance a step already explains (copies, unused state). */
  const explained = new Set<number>();
  const record = (node: GraphNode, rule: string, before: string, after: string, exactness: Exactness, why?: string): void => {
    if (after === '(removed)' || node.alias) explained.add(node.id);
    steps.push({ rule, line: node.line, before, after, exactness, ...(why ? { why } : {}) });
  };
  const aliasTo = (node: GraphNode, value: Value, rule: string, exactness: Exactness, why?: string): void => {
    const before = nodeText(g, node);
    node.alias = resolve(g, value);
    const copied = node.alias.kind === 'input' || node.alias.kind === 'node';
    record(node, rule, before, `${node.name} is ${operandText(g, node.alias)}${copied ? ' (copy propagated)' : ' (a constant)'}`, exactness, why);
  };

  const limit = 20 + 10 * p.body.length;
  for (let round = 0; round < limit; round++) {
    let changed = markUnusedState(g, record);
    let live = liveNodes(g);
    for (const id of [...live].sort((a, b) => b - a)) {
      const node = g.nodes[id];
      // A rewrite of a later statement may have made this one dead: leave it to dead-code removal.
      if (node.alias || !live.has(id)) continue;
      node.args = node.args.map((a) => resolve(g, a));
      const folded = options.fold === false ? undefined : foldedValue(g, node);
      if (folded !== undefined) {
        aliasTo(node, litValue(folded), 'fold', 'bitwise', 'all operands are constants (folded in f64)');
        changed = true;
        live = liveNodes(g);
        continue;
      }
      if (applyFirstRule(g, node, rules, record, aliasTo)) {
        changed = true;
        live = liveNodes(g);
      }
    }
    changed = eliminateCommonSubexpressions(g, aliasTo) || changed;
    changed = orderCommutativeOperands(g, record) || changed;
    if (!changed) break;
  }

  const live = liveNodes(g);
  p.body.forEach((s, i) => {
    if (!live.has(i) && !explained.has(i)) steps.push({ rule: 'dead-code', line: i + 1, before: printStatement(s), after: '(removed)', exactness: 'bitwise', why: 'its value never reaches an output' });
  });
  steps.sort((a, b) => a.line - b.line);
  const result = lowerGraph(g);
  // Rewrites never add statements; this guards the promise against a lowering bug.
  if (result.body.length > p.body.length) return { program: p, steps: [] };
  return { program: result, steps };
}

type RecordStep = (node: GraphNode, rule: string, before: string, after: string, exactness: Exactness, why?: string) => void;
type AliasTo = (node: GraphNode, value: Value, rule: string, exactness: Exactness, why?: string) => void;

function markUnusedState(g: ValueGraph, record: RecordStep): boolean {
  const positions = unobservedStateOutputs(g);
  for (const i of positions) {
    const value = resolve(g, g.outputs[i] as Value);
    g.outputs[i] = { kind: 'unobserved' };
    if (value.kind === 'node' && !liveNodes(g).has(value.id)) {
      const node = g.nodes[value.id];
      record(node, 'unused-state', nodeText(g, node), '(removed)', 'bitwise', `the program never reads the ${g.outputNames[i]} it is given, so the ${g.outputNames[i]} it returns is never used`);
    }
  }
  return positions.length > 0;
}

function applyFirstRule(g: ValueGraph, node: GraphNode, rules: readonly RewriteRule[], record: RecordStep, aliasTo: AliasTo): boolean {
  for (const rule of rules) {
    if (rule.lhs.kind !== 'app' || rule.lhs.op !== node.op) continue;
    const bindings = matchPattern(g, rule.lhs, nodeValue(node.id));
    if (!bindings) continue;
    if (rule.rhs.kind !== 'app') {
      aliasTo(node, leafValue(rule.rhs, bindings), rule.name, rule.exactness, rule.why);
    } else {
      const before = nodeText(g, node);
      node.op = rule.rhs.op;
      node.args = rule.rhs.args.map((a) => resolve(g, leafValue(a, bindings)));
      record(node, rule.name, before, nodeText(g, node), rule.exactness, rule.why);
    }
    return true;
  }
  return false;
}

function eliminateCommonSubexpressions(g: ValueGraph, aliasTo: AliasTo): boolean {
  const first = new Map<string, number>();
  let changed = false;
  for (const id of [...liveNodes(g)].sort((a, b) => a - b)) {
    const node = g.nodes[id];
    if (node.alias) continue;
    const key = expressionKey(g, node);
    const earlier = first.get(key);
    if (earlier === undefined) first.set(key, id);
    else {
      aliasTo(node, nodeValue(earlier), 'cse', 'bitwise', `computes the same value as line ${g.nodes[earlier].line}`);
      changed = true;
    }
  }
  return changed;
}

function orderCommutativeOperands(g: ValueGraph, record: RecordStep): boolean {
  let changed = false;
  for (const id of liveNodes(g)) {
    const node = g.nodes[id];
    if (node.alias) continue;
    const ordered = canonicalOrder(g, node);
    if (!ordered) continue;
    const before = nodeText(g, node);
    node.args = ordered;
    record(node, 'commute', before, nodeText(g, node), 'bitwise', 'canonical operand order');
    changed = true;
  }
  return changed;
}
