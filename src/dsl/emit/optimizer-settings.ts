/**
 * The settings an exported optimizer exposes as constructor arguments: its learning rate (the
 * program's `lr` input), with a default the caller chooses (`symdisc export DIR` takes the one that
 * won during selection, src/cli/export-settings.ts), and its weight decay where the program has a
 * `w` term: the first live statement multiplying the untouched parameter `w` by a literal (`wd = w
 * * 0.01` in AdamW) reads that literal from a `weight_decay` argument whose default is the literal,
 * so the export computes exactly what the program does until a user changes it.
 */
import { liveStatements } from '../liveness.ts';
import type { Program } from '../program.ts';

/** Where the learning-rate default comes from, for the export's docstring. */
export interface LearningRateDefault {
  /** The default of the lr argument (the program's lr input). */
  readonly lr: number;
  /** Sentences saying how it was chosen (no trailing newline). */
  readonly note: string;
}

/** Where a weight-decay default comes from, for the export's docstring (default: the discovered value). */
export interface WeightDecayDefault {
  /** Sentences saying how it was chosen (no trailing newline). */
  readonly note: string;
}

/** The docstring's account of a decay default. */
export const decayDefaultNote = (d: WeightDecayDefault | undefined): string => d?.note ?? '(the discovered value).';

/** A program's weight-decay term: statement `index`'s literal operand `arg`, of value `value`. */
export interface WeightDecayTerm {
  readonly index: number;
  readonly arg: number;
  readonly value: number;
  /** The statement as printed, for the docstring (`wd = w * 0.01`). */
  readonly target: string;
}

/** The first live `X = w * C` or `X = C * w` (w not yet reassigned), or undefined. */
export function weightDecayTerm(p: Program): WeightDecayTerm | undefined {
  if (p.domain !== 'optimizer') return undefined;
  const live = liveStatements(p);
  for (let i = 0; i < p.body.length; i++) {
    const s = p.body[i];
    if (live[i] && s.op === 'mul' && s.args.length === 2) {
      const w = s.args.findIndex((a) => a.kind === 'var' && a.name === 'w');
      const literal = w >= 0 ? s.args[1 - w] : undefined;
      if (literal?.kind === 'lit') return { index: i, arg: 1 - w, value: literal.value, target: s.target };
    }
    if (s.target === 'w') return undefined;
  }
  return undefined;
}

/** `text` wrapped at spaces into lines of at most `width` characters (a longer word stays whole); later lines indented by `hang`. */
export function wrapDoc(text: string, width: number, hang = '    '): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    const prefix = lines.length === 0 ? '' : hang;
    if (line !== '' && prefix.length + line.length + 1 + word.length > width) {
      lines.push(prefix + line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  if (line !== '') lines.push((lines.length === 0 ? '' : hang) + line);
  return lines;
}
