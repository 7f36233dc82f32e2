/** Shorter spellings of a constant: 0.899 -> 0.9, 0.4602 -> 0.5, 0.46 (fitness-guided simplification). */

/** Significant digits of the shortest decimal that reads back as `value` (0.4602 has 4). */
export function significantDigits(value: number): number {
  if (value === 0 || !Number.isFinite(value)) return 1;
  const mantissa = Math.abs(value).toExponential().split('e')[0].replace('.', '');
  return mantissa.length;
}

/** `value` rounded to 1, 2, ... fewer significant digits than it has; distinct, shortest first. */
export function shorterConstants(value: number): number[] {
  const out: number[] = [];
  for (let digits = 1; digits < significantDigits(value); digits++) {
    const rounded = Number(value.toPrecision(digits));
    if (rounded !== value && !out.includes(rounded) && Number.isFinite(rounded)) out.push(rounded);
  }
  return out;
}
