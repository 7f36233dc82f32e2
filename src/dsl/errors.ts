/** Errors in user-supplied program text: they carry a location and print as `file:line:col: message`. */

export interface SourceLocation {
  readonly file: string;
  /** 1-based. */
  readonly line: number;
  /** 1-based. */
  readonly col: number;
}

export class DslError extends Error {
  override readonly name = 'DslError';
  constructor(
    readonly detail: string,
    readonly location?: SourceLocation,
  ) {
    super(location ? `${location.file}:${location.line}:${location.col}: ${detail}` : detail);
  }
}
