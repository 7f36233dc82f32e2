/** Which statements of a program matter: those some output depends on (the rest are dead code). */
import { withBody } from '../dsl/program.ts';
import type { Program } from '../dsl/program.ts';

/** Indices of the statements some output depends on, in order. */
export function liveStatements(p: Program): number[] {
  const needed = new Set<string>(p.outputs);
  const live: number[] = [];
  for (let i = p.body.length - 1; i >= 0; i--) {
    const s = p.body[i];
    if (!needed.has(s.target)) continue;
    needed.delete(s.target);
    live.push(i);
    for (const a of s.args) if (a.kind === 'var') needed.add(a.name);
  }
  return live.reverse();
}

/** `p` without its dead statements (the same function, fewer lines to read). */
export function withoutDeadCode(p: Program): Program {
  const live = new Set(liveStatements(p));
  return withBody(
    p,
    p.body.filter((_, i) => live.has(i)),
  );
}
