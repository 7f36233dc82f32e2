/**
 * A run directory's checkpoint as plain JSON, for tests that edit it to fake a kill or a lag:
 * checkpoint.json.br (compressed, src/run/checkpoint.ts) or, in runs written before, checkpoint.json;
 * written back in the format it was read from.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync } from 'node:zlib';

export function readCheckpointJson<T>(dir: string): T {
  const br = join(dir, 'checkpoint.json.br');
  return JSON.parse(existsSync(br) ? brotliDecompressSync(readFileSync(br)).toString('utf8') : readFileSync(join(dir, 'checkpoint.json'), 'utf8')) as T;
}

export function writeCheckpointJson(dir: string, checkpoint: unknown): void {
  const br = join(dir, 'checkpoint.json.br');
  if (existsSync(br)) writeFileSync(br, brotliCompressSync(Buffer.from(JSON.stringify(checkpoint), 'utf8')));
  else writeFileSync(join(dir, 'checkpoint.json'), JSON.stringify(checkpoint));
}
