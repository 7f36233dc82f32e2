/**
 * The code the report inlines, read from disk at report time: d3 and Observable Plot's minified
 * UMD builds (from node_modules) and the report's own render script. The packages' `exports` do not
 * expose their dist files by path, so they are found by walking up to a node_modules folder.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inlineScriptCode } from './html.ts';

const HERE = dirname(fileURLToPath(import.meta.url));

/** Path of `file` inside installed package `name`, searched from this module upwards. */
export function packageFile(name: string, file: string): string {
  for (let dir = HERE; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name, file);
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) throw new Error(`cannot find ${name}/${file} in any node_modules above ${HERE} (run npm install)`);
  }
}

function packageVersion(name: string): string {
  return (JSON.parse(readFileSync(packageFile(name, 'package.json'), 'utf8')) as { version: string }).version;
}

export interface ReportAssets {
  readonly scripts: readonly { readonly name: string; readonly code: string }[];
  /** Library versions, shown in the page footer. */
  readonly versions: Readonly<Record<string, string>>;
}

let cached: ReportAssets | undefined;

export function reportAssets(): ReportAssets {
  if (cached) return cached;
  const read = (name: string, path: string): { name: string; code: string } => ({ name, code: inlineScriptCode(readFileSync(path, 'utf8'), name) });
  cached = {
    scripts: [
      read('d3', packageFile('d3', 'dist/d3.min.js')),
      read('@observablehq/plot', packageFile('@observablehq/plot', 'dist/plot.umd.min.js')),
      read('report', join(HERE, 'client', 'render.js')),
    ],
    versions: { d3: packageVersion('d3'), '@observablehq/plot': packageVersion('@observablehq/plot') },
  };
  return cached;
}
