/**
 * The live dashboard page: one self-contained HTML document (d3 and Observable Plot inlined, the
 * views at load time embedded), so it opens without a network and keeps showing the last data
 * when the server goes away. client/live.js renders it and follows `/events`.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { reportAssets } from '../assets.ts';
import { inlineScriptCode, jsonForScript } from '../html.ts';
import type { LiveEntry } from './live-view.ts';

const CLIENT = join(dirname(fileURLToPath(import.meta.url)), '..', 'client', 'live.js');

const STYLE = `
:root { --fg: #1d2330; --muted: #5f6b7a; --line: #e3e7ee; --panel: #f6f8fb; --accent: #d62728; --mono: ui-monospace, SFMono-Regular, Menlo, Consolas, "DejaVu Sans Mono", monospace; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: var(--fg); }
main { max-width: 1280px; margin: 0 auto; padding: 20px 28px 40px; }
header { display: flex; justify-content: space-between; align-items: baseline; border-bottom: 1px solid var(--line); padding-bottom: 10px; }
h1 { font-size: 22px; margin: 0; }
#status { font-size: 13.5px; padding: 3px 10px; border-radius: 12px; }
#status.connected { background: #e6f4ea; color: #1a7f37; }
#status.disconnected { background: #fdecea; color: #b42318; }
.runs { display: grid; grid-template-columns: repeat(auto-fit, minmax(400px, 1fr)); gap: 16px; margin-top: 16px; }
.run { border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px; background: #fff; min-width: 0; }
.run h2 { font-size: 16px; margin: 0 0 2px; font-family: var(--mono); word-break: break-all; }
.run .meta { color: var(--muted); font-size: 13px; }
.stats { display: grid; grid-template-columns: repeat(4, minmax(0, 1fr)); gap: 8px; margin: 10px 0; }
.stat { background: var(--panel); border-radius: 6px; padding: 6px 8px; }
.stat .k { font-size: 11px; text-transform: uppercase; color: var(--muted); letter-spacing: .04em; }
.stat .v { font-size: 17px; font-weight: 650; font-variant-numeric: tabular-nums; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
pre { font-family: var(--mono); font-size: 12.5px; background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 8px 10px; overflow-x: auto; margin: 4px 0 8px; }
table { border-collapse: collapse; width: 100%; font-size: 12.5px; }
th, td { text-align: left; padding: 3px 6px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { color: var(--muted); font-weight: 600; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.prog { font-family: var(--mono); word-break: break-word; }
.plot { width: 100%; min-height: 60px; }
.error { color: var(--accent); }
.activity-running { color: #1a7f37; }
.activity-killed { color: #b42318; }
section.compare { margin-top: 20px; }
h3 { font-size: 14px; margin: 10px 0 4px; }
`;

export function renderLivePage(entries: readonly LiveEntry[]): string {
  const scripts = reportAssets()
    .scripts.filter((s) => s.name !== 'report')
    .map((s) => `<script>${s.code}</script>`)
    .join('\n');
  const client = inlineScriptCode(readFileSync(CLIENT, 'utf8'), 'live');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>symdisc · live</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<header><h1>symdisc · live runs</h1><span id="status" class="connected">connecting…</span></header>
<section class="compare"><h3>Best score over evaluations, all runs</h3><div id="compare" class="plot"></div></section>
<div id="runs" class="runs"></div>
</main>
<script type="application/json" id="live-data">${jsonForScript(entries)}</script>
${scripts}
<script>${client}</script>
</body>
</html>
`;
}
