/**
 * The two program domains and their fixed signatures. A domain's inputs are read-only names a
 * program may read before assigning them; `implicit` inputs are readable but not printed in the
 * `def` line (the optimizer's step counter `t`, so bias correction can be written).
 */
export type Domain = 'optimizer' | 'function';

export interface Signature {
  readonly domain: Domain;
  /** The function name in the `def` line. */
  readonly name: string;
  /** Inputs listed in the `def` line, in order. */
  readonly inputs: readonly string[];
  /** Inputs available without being listed. */
  readonly implicit: readonly string[];
  /** Number of returned values and what each means. */
  readonly outputs: readonly string[];
}

export const SIGNATURES: Readonly<Record<Domain, Signature>> = Object.freeze({
  optimizer: Object.freeze({
    domain: 'optimizer',
    name: 'train',
    inputs: Object.freeze(['w', 'g', 'm', 'v', 'lr']),
    implicit: Object.freeze(['t']),
    outputs: Object.freeze(['update', 'm', 'v']),
  }),
  function: Object.freeze({
    domain: 'function',
    name: 'f',
    inputs: Object.freeze(['x']),
    implicit: Object.freeze([]),
    outputs: Object.freeze(['y']),
  }),
});

/** Every input a program of this domain may read, listed ones first. */
export function allInputs(domain: Domain): readonly string[] {
  const s = SIGNATURES[domain];
  return [...s.inputs, ...s.implicit];
}

/** The domain whose `def` name is `name` (`train` or `f`), if any. */
export function domainForName(name: string): Domain | undefined {
  return (Object.values(SIGNATURES) as Signature[]).find((s) => s.name === name)?.domain;
}
