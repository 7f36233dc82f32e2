/** Which statements of a program matter: those some output depends on (the rest are dead code). */
import { withBody } from './program.ts';
import type { Program } from './program.ts';

/** For each statement, whether some output depends on it (the last assignment of each variable read). */
export function liveStatements(p: Program): boolean[] {
  const live = new Array<boolean>(p.body.length).fill(false);
  const needed = new Set<string>(p.outputs);
  for (let i = p.body.length - 1; i >= 0; i--) {
    const s = p.body[i];
    if (!needed.has(s.target)) continue;
    live[i] = true;
    needed.delete(s.target);
    for (const a of s.args) if (a.kind === 'var') needed.add(a.name);
  }
  return live;
}

/** `p` without its dead statements (the same function, fewer lines to read). */
export function withoutDeadCode(p: Program): Program {
  const live = liveStatements(p);
  return withBody(
    p,
    p.body.filter((_, i) => live[i]),
  );
}
