/**
 * JSON has no Infinity or NaN, but scores do (an invalid candidate scores Infinity). On disk a
 * non-finite number is the string "Infinity", "-Infinity" or "NaN"; these convert both ways.
 */
export type JsonNumber = number | 'Infinity' | '-Infinity' | 'NaN';

export function toJsonNumber(x: number): JsonNumber {
  if (Number.isFinite(x)) return x;
  return Number.isNaN(x) ? 'NaN' : x > 0 ? 'Infinity' : '-Infinity';
}

export function fromJsonNumber(x: JsonNumber | null | undefined): number {
  if (typeof x === 'number') return x;
  if (x === 'Infinity') return Infinity;
  if (x === '-Infinity') return -Infinity;
  return NaN;
}

export function toJsonRecord(r: Readonly<Record<string, number>>): Record<string, JsonNumber> {
  const out: Record<string, JsonNumber> = {};
  for (const [k, x] of Object.entries(r)) out[k] = toJsonNumber(x);
  return out;
}

export function fromJsonRecord(r: Readonly<Record<string, JsonNumber>> | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, x] of Object.entries(r ?? {})) out[k] = fromJsonNumber(x);
  return out;
}

/** JSON.stringify replacer: non-finite numbers become their string names. */
export function nonFiniteReplacer(_key: string, value: unknown): unknown {
  return typeof value === 'number' && !Number.isFinite(value) ? toJsonNumber(value) : value;
}

/** JSON.parse reviver: the string names back to non-finite numbers (the inverse of the replacer). */
export function nonFiniteReviver(_key: string, value: unknown): unknown {
  if (value === 'Infinity') return Infinity;
  if (value === '-Infinity') return -Infinity;
  if (value === 'NaN') return NaN;
  return value;
}

/** JSON text with non-finite numbers as strings, and back: the one codec of the run directory's JSON files. */
export function stringifyNumbers(value: unknown, indent?: number): string {
  return JSON.stringify(value, nonFiniteReplacer, indent);
}

export function parseNumbers<T>(text: string): T {
  return JSON.parse(text, nonFiniteReviver) as T;
}
