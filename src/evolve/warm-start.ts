/**
 * The programs a search starts from. `--warm-start` names seeds (`adamw`, `adamw,lion`) or program
 * files; by default the task's search space says: AdamW for optimizers, as the Lion search did;
 * for functions the low-degree polynomial seeds, the task's structured baselines (minimax,
 * odd/even and rational forms: src/eval/baselines/warm-start-forms.ts) and a few random programs.
 */
import { existsSync, readFileSync } from 'node:fs';
import { parseProgram } from '../dsl/parse.ts';
import { printProgram } from '../dsl/print.ts';
import { program, statement } from '../dsl/program.ts';
import type { Program } from '../dsl/program.ts';
import { hasSeed, loadSeed, seedNames } from '../dsl/seeds/index.ts';
import type { Domain } from '../dsl/signature.ts';
import { SIGNATURES } from '../dsl/signature.ts';
import { isValid } from '../dsl/validate.ts';
import { randomStatement } from './mutate/insert.ts';
import { Rng } from './rng.ts';
import type { DefaultWarmStart } from './search-space.ts';
import type { Vocabulary } from './vocabulary.ts';

/** A warm start the user named that cannot be used: one line, exit 2. */
export class WarmStartError extends Error {
  override readonly name = 'WarmStartError';
}

/** A random valid program of `domain` and `vocab` with 1 to `maxStatements` statements. */
export function randomProgram(domain: Domain, rng: Rng, vocab: Vocabulary, maxStatements = 5): Program {
  const outputs = SIGNATURES[domain].outputs;
  for (;;) {
    const length = 1 + rng.int(maxStatements);
    let p = program(domain, [], outputs);
    for (let i = 0; i < length; i++) {
      const s = randomStatement(p, i, rng, vocab);
      // The last statements assign the outputs (the optimizer's m, v may stay as inputs).
      const target = i === length - 1 ? outputs[0] : s.target;
      p = program(domain, [...p.body, statement(target, s.op, s.args)], outputs);
    }
    if (isValid(p)) return p;
  }
}

function resolveOne(name: string, domain: Domain): Program {
  let p: Program;
  if (hasSeed(name)) p = loadSeed(name);
  else if (existsSync(name)) p = parseProgram(readFileSync(name, 'utf8'), name);
  else throw new WarmStartError(`--warm-start: '${name}' is neither a seed (${seedNames().join(', ')}) nor a program file`);
  if (p.domain !== domain) throw new WarmStartError(`--warm-start: '${name}' is a ${p.domain} program, the task needs a ${domain} program`);
  return p;
}

export interface WarmStart {
  /** What config.json records (`adamw`, a file, or `default`). */
  readonly label: string;
  /** Canonical texts, duplicates removed. */
  readonly programs: string[];
}

/** The ops of `p`'s statements that are not in `allowed`, in order of first use. */
function opsOutside(p: Program, allowed: ReadonlySet<string>): string[] {
  return [...new Set(p.body.map((s) => s.op).filter((op) => !allowed.has(op)))];
}

/**
 * The programs `spec` names, or the task's default warm start (random programs drawn from `vocab`).
 * `restrictedOps` (the user's `--ops`): a named program using another op is an error, and the
 * default warm start keeps only its programs within those ops (random ones fill in when none is).
 */
export function resolveWarmStart(spec: string | undefined, domain: Domain, seed: string, defaults: DefaultWarmStart, vocab: Vocabulary, restrictedOps?: readonly string[]): WarmStart {
  const allowed = restrictedOps ? new Set(restrictedOps) : undefined;
  let programs: Program[];
  if (spec !== undefined) {
    const names = spec.split(',').map((s) => s.trim()).filter((s) => s !== '');
    programs = names.map((s) => resolveOne(s, domain));
    if (programs.length === 0) throw new WarmStartError('--warm-start: give a seed name or a program file');
    programs.forEach((p, i) => {
      const outside = allowed ? opsOutside(p, allowed) : [];
      if (outside.length > 0) throw new WarmStartError(`--warm-start: '${names[i]}' uses ${outside.join(', ')}, which --ops leaves out (--ops ${[...(allowed ?? [])].join(',')})`);
    });
  } else {
    const seeds = defaults.seeds.map((name) => resolveOne(name, domain));
    const rng = Rng.fromSeed(`warm-start:${seed}`);
    const structured = [...seeds, ...(defaults.forms?.() ?? []).map((text) => parseProgram(text, 'baseline'))].filter((p) => !allowed || opsOutside(p, allowed).length === 0);
    const randomCount = allowed && structured.length === 0 ? Math.max(defaults.randomPrograms, 8) : defaults.randomPrograms;
    programs = [...structured, ...Array.from({ length: randomCount }, () => randomProgram(domain, rng, vocab))];
  }
  return { label: spec ?? 'default', programs: [...new Set(programs.map(printProgram))] };
}
