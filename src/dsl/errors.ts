/** Errors in user-supplied program text: they carry a location and print as `file:line:col: message`. */

export interface SourceLocation {
  readonly file: string;
  /** 1-based. */
  readonly line: number;
  /** 1-based. */
  readonly col: number;
}

/** Longest token an error message quotes whole. */
export const MAX_QUOTED = 40;

/** `text` if short, else its start and end around an ellipsis with its length (`1111…1111 (1000000 characters)`). */
export function excerpt(text: string, max = MAX_QUOTED): string {
  if (text.length <= max) return text;
  const head = Math.ceil((max - 1) * 0.6);
  const tail = max - 1 - head;
  return `${text.slice(0, head)}…${text.slice(text.length - tail)} (${text.length} characters)`;
}

/**
 * Every run of more than MAX_QUOTED non-blank characters of a message cut to an excerpt: a 1 MB
 * literal or name in the program text makes a one-line message, whichever check quotes it.
 */
export function shortenQuotes(message: string): string {
  return message.replace(new RegExp(`[^\\s'\`]{${MAX_QUOTED + 1},}`, 'g'), (run) => excerpt(run));
}

export class DslError extends Error {
  override readonly name = 'DslError';
  readonly detail: string;
  constructor(
    detail: string,
    readonly location?: SourceLocation,
  ) {
    const short = shortenQuotes(detail);
    super(location ? `${location.file}:${location.line}:${location.col}: ${short}` : short);
    this.detail = short;
  }
}
