/**
 * Identifiers in exported code. Program variable names are checked, never copied blindly: a name is
 * kept only when it is a plain identifier that is not a keyword of the target, not a name the
 * generated code itself uses (library functions the op table's emitters call, helpers, the
 * exporter's own locals); otherwise it gets a trailing `_` (and a number until unique).
 */
import { getOp } from '../ops/table.ts';
import type { EmitTarget, Precision } from '../ops/table.ts';
import type { Program } from '../program.ts';

const KEYWORDS: Readonly<Record<'ts' | 'c' | 'python' | 'wgsl', readonly string[]>> = {
  ts: 'break case catch class const continue debugger default delete do else enum export extends false finally for function if import in instanceof new null return super switch this throw true try typeof var void while with yield let static implements interface package private protected public await async of arguments eval undefined NaN Infinity Math Number Float32Array Float64Array Array Object globalThis any number string boolean type declare readonly as is keyof never unknown'.split(' '),
  c: 'auto break case char const continue default do double else enum extern float for goto if inline int long register restrict return short signed sizeof static struct switch typedef union unsigned void volatile while _Bool _Complex _Imaginary bool true false NULL NAN INFINITY HUGE_VAL HUGE_VALF size_t main errno'.split(' '),
  python: 'False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield match case type self float int abs min max len print range np torch math jax optax object super'.split(' '),
  wgsl: 'alias break case const const_assert continue continuing default diagnostic discard else enable false fn for if let loop override requires return struct switch true var while f32 f16 i32 u32 bool vec2 vec3 vec4 array ptr'.split(' '),
};

export type IdentifierLanguage = keyof typeof KEYWORDS;

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Identifier-like words in emitted code (the names the op table's emitters and helpers use). */
function wordsIn(code: string): string[] {
  return code.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? [];
}

/** Every library or helper name `p`'s ops would emit for `target`, so no variable shadows one. */
export function namesUsedByOps(p: Program, target: EmitTarget, precision: Precision): Set<string> {
  const out = new Set<string>();
  const ops = new Set<string>();
  for (const s of p.body) {
    ops.add(s.op);
    for (const a of s.args) if (a.kind === 'const') ops.add(a.name);
  }
  for (const name of ops) {
    const op = getOp(name);
    const placeholders = Array.from({ length: op.arity }, (_, i) => `__sd_arg${i}`);
    for (const w of wordsIn(op.emit[target](placeholders, precision))) if (!w.startsWith('__sd_arg')) out.add(w);
    for (const h of op.helpers?.[target] ?? []) for (const w of wordsIn(h)) out.add(w);
  }
  return out;
}

/**
 * A mapping from program variable names to safe, distinct identifiers. `reserved` adds the
 * exporter's own names (locals, parameters, the function name).
 */
export function makeNamer(language: IdentifierLanguage, reserved: Iterable<string>): (name: string) => string {
  const taken = new Set<string>([...KEYWORDS[language], ...reserved]);
  const assigned = new Map<string, string>();
  return (name: string): string => {
    const known = assigned.get(name);
    if (known !== undefined) return known;
    const clean = name.replace(/[^A-Za-z0-9_]/g, '_');
    let base = IDENTIFIER.test(clean) && !clean.startsWith('__') ? clean : `v_${clean}`;
    if (taken.has(base)) base = `${base}_`;
    let candidate = base;
    for (let n = 2; taken.has(candidate); n++) candidate = `${base}${n}`;
    taken.add(candidate);
    assigned.set(name, candidate);
    return candidate;
  };
}

/** Checks a user-chosen name for the exported function or class (e.g. `--name`). */
export function checkExportName(name: string, language: IdentifierLanguage): string | undefined {
  if (!IDENTIFIER.test(name)) return `'${name}' is not an identifier`;
  if (KEYWORDS[language].includes(name)) return `'${name}' is a keyword`;
  return undefined;
}
