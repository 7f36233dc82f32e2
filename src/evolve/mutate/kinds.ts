/** The mutation kinds, once: their order is the order of the draw (mutate/index.ts). */
export const MUTATION_KINDS = ['insert', 'delete', 'argument', 'op', 'constant'] as const;

export type MutationKind = (typeof MUTATION_KINDS)[number];
