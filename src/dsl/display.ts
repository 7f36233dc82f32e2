/**
 * Programs as people should read them: constant subexpressions folded into literals, `a + -c`
 * printed as `a - c` and `a - -c` as `a + c`, dead statements gone, variable names kept. The
 * journal and checkpoints keep the raw text; fronts, summaries, `inspect`, `select`, the report and
 * the exporters' header comments show this.
 *
 * The displayed program computes exactly what the original does in the precision it is evaluated
 * in: `f64` folds with the op table's f64 functions; `f32` folds as an f32 evaluation does (every
 * operand and result rounded to float32) and writes the shortest decimal that rounds to the same
 * float32 (for every literal, folded or not), so both read back bit for bit. A folded value that is not finite is left unfolded (the
 * text has no Infinity; NaN marks an invalid program anyway). `a + -c` and `a - c` are the same
 * IEEE operation, in both precisions.
 */
import { printProgram } from './print.ts';
import { parseProgram } from './parse.ts';
import type { Program } from './program.ts';
import { foldedValue } from './simplify/fold.ts';
import { lowerGraph } from './simplify/lower.ts';
import { buildGraph, litValue, liveNodes, resolve } from './simplify/value-graph.ts';
import type { GraphNode, Value, ValueGraph } from './simplify/value-graph.ts';

export type DisplayPrecision = 'f64' | 'f32';

/** The shortest decimal whose float32 rounding is the float32 `x`. */
function shortestF32(x: number): number {
  if (x === 0) return x;
  for (let digits = 1; digits <= 9; digits++) {
    const y = Number(x.toPrecision(digits));
    if (Math.fround(y) === x) return y;
  }
  return x;
}

function negativeLiteral(g: ValueGraph, v: Value): number | undefined {
  const r = resolve(g, v);
  return r.kind === 'lit' && r.value < 0 ? r.value : undefined;
}

/**
 * `a + -c` -> `a - c`, `-c + a` -> `a - c`, `a - -c` -> `a + c` (exact in IEEE arithmetic: x - y
 * is x + (-y), and addition commutes). Returns whether it rewrote the node.
 */
function absorbSign(g: ValueGraph, node: GraphNode): boolean {
  if (node.args.length !== 2 || (node.op !== 'add' && node.op !== 'sub')) return false;
  const [a, b] = node.args.map((x) => resolve(g, x));
  const cb = negativeLiteral(g, b);
  if (cb !== undefined) {
    node.op = node.op === 'add' ? 'sub' : 'add';
    node.args = [a, litValue(-cb)];
    return true;
  }
  const ca = negativeLiteral(g, a);
  if (node.op === 'add' && ca !== undefined && b.kind !== 'lit' && b.kind !== 'const') {
    node.op = 'sub';
    node.args = [b, litValue(-ca)];
    return true;
  }
  return false;
}

/** `p` as people should read it (see the module comment); `p` itself when it is not valid. */
export function displayProgram(p: Program, precision: DisplayPrecision = 'f64'): Program {
  let g: ValueGraph;
  try {
    g = buildGraph(p);
  } catch {
    return p;
  }
  let changed = false;
  for (const node of g.nodes) {
    node.args = node.args.map((a) => resolve(g, a));
    if (precision === 'f32') {
      // An f32 evaluation reads each literal as its float32: write the shortest decimal of that.
      node.args = node.args.map((a) => {
        if (a.kind !== 'lit' || !Number.isFinite(Math.fround(a.value)) || Object.is(a.value, -0)) return a;
        const short = shortestF32(Math.fround(a.value));
        if (short === a.value) return a;
        changed = true;
        return litValue(short);
      });
    }
    const folded = foldedValue(g, node, precision);
    if (folded !== undefined) {
      node.alias = litValue(precision === 'f32' ? shortestF32(folded) : folded);
      changed = true;
    } else if (absorbSign(g, node)) {
      changed = true;
    }
  }
  // Nothing folded, rewritten or dead: the program as written.
  if (!changed && liveNodes(g).size === p.body.length) return p;
  return lowerGraph(g);
}

/**
 * A statement that only copies a constant into an output (`y = 6 + 0`: the language has no copy,
 * so lowering writes one) reads `y = 6`.
 */
function displayStatementLine(line: string): string {
  const m = /^(\s*[A-Za-z_][A-Za-z0-9_]*) = (\S+) \+ 0$/.exec(line);
  return m && /^-?[0-9.]/.test(m[2]) ? `${m[1]} = ${m[2]}` : line;
}

/** The displayed program as text, `def` and `return` lines included. */
export function displayText(p: Program, precision: DisplayPrecision = 'f64'): string {
  return printProgram(displayProgram(p, precision)).split('\n').map(displayStatementLine).join('\n');
}

/** The displayed program of canonical `text`, or `text` itself when it does not parse. */
export function displayOf(text: string, precision: DisplayPrecision = 'f64'): string {
  let p: Program;
  try {
    p = parseProgram(text);
  } catch {
    return text;
  }
  return displayText(p, precision);
}

/**
 * Display text on one line for tables: its statements joined by `; ` (the `def` and `return`
 * left out; a program whose outputs are its inputs reads `return m, v`).
 */
export function displayLine(display: string): string {
  const lines = display.split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('def ') && !l.startsWith('#'));
  const body = lines.filter((l) => !l.startsWith('return '));
  return body.length > 0 ? body.join('; ') : lines.join('; ');
}

/** One table line of the canonical program `text` as displayed. */
export function displayLineOf(text: string, precision: DisplayPrecision = 'f64'): string {
  return displayLine(displayOf(text, precision));
}
