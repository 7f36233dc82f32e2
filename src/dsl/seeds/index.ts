/**
 * Seed programs, shipped as `.sym` files next to this module: the optimizers a search warm-starts
 * from (AdamW as the Lion paper writes it, Adam, SGD, SGD with momentum, RMSProp, Lion) and Taylor
 * polynomials of 2^x for function searches. Each file opens with `#` comments giving its
 * hyperparameters; the first comment line is its one-line description.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DslError } from '../errors.ts';
import { parseProgram } from '../parse.ts';
import type { Program } from '../program.ts';
import type { Domain } from '../signature.ts';

export interface SeedInfo {
  readonly name: string;
  readonly domain: Domain;
  readonly description: string;
}

const SEED_DIR = fileURLToPath(new URL('.', import.meta.url));
const EXTENSION = '.sym';

/** Seed names, sorted (the file names without `.sym`). */
export function seedNames(): string[] {
  return readdirSync(SEED_DIR)
    .filter((f) => f.endsWith(EXTENSION))
    .map((f) => f.slice(0, -EXTENSION.length))
    .sort();
}

/** Every seed with its domain and description. */
export function listSeeds(): SeedInfo[] {
  return seedNames().map((name) => {
    const text = seedText(name);
    return { name, domain: parseProgram(text, seedPath(name)).domain, description: leadingComment(text) };
  });
}

/** Whether a seed of this name exists. */
export function hasSeed(name: string): boolean {
  return seedNames().includes(name);
}

/** The path of a seed's file; throws DslError listing the seeds for an unknown name. */
export function seedPath(name: string): string {
  if (!hasSeed(name)) throw new DslError(`unknown seed '${name}'; seeds: ${seedNames().join(', ')}`);
  return `${SEED_DIR}${name}${EXTENSION}`;
}

/** A seed's file text, comments included. */
export function seedText(name: string): string {
  return readFileSync(seedPath(name), 'utf8');
}

/** A seed's program (parsed and validated). */
export function loadSeed(name: string): Program {
  return parseProgram(seedText(name), seedPath(name));
}

/** The first line of the file's leading `#` comment, without the `#`. */
function leadingComment(text: string): string {
  const first = text.split('\n').find((line) => line.trim() !== '');
  return first?.trim().startsWith('#') ? first.trim().replace(/^#\s*/, '') : '';
}
