/**
 * The report page: one self-contained HTML document (styles, data, d3, Observable Plot and the
 * render script inline; no network). Tables and text are rendered here, escaped; plots are drawn
 * in the browser by client/render.js from the embedded JSON.
 */
import { formatDuration, formatScore, percent } from '../util/format.ts';
import { SIMPLIFIED_CAPTION, programDisplay } from './program-display.ts';
import type { ReportAssets } from './assets.ts';
import { html, jsonForScript, raw } from './html.ts';
import type { Html, HtmlValue } from './html.ts';
import type { ReportData } from './report-data.ts';

const STYLE = `
:root { --fg: #1d2330; --muted: #5f6b7a; --line: #e3e7ee; --panel: #f6f8fb; --accent: #d62728; --mono: ui-monospace, SFMono-Regular, Menlo, Consolas, "DejaVu Sans Mono", monospace; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: var(--fg); background: #fff; }
main { max-width: 1180px; margin: 0 auto; padding: 28px 32px 48px; }
header { border-bottom: 1px solid var(--line); padding-bottom: 14px; margin-bottom: 20px; }
.kicker { text-transform: uppercase; letter-spacing: .08em; font-size: 12px; color: var(--muted); font-weight: 600; }
h1 { font-size: 28px; margin: 4px 0 6px; line-height: 1.2; }
h1 .task { font-family: var(--mono); }
h1 .desc { color: var(--muted); font-weight: 400; font-size: 20px; }
.meta { color: var(--muted); font-size: 13.5px; }
.meta code, td code, .mono { font-family: var(--mono); font-size: 13px; }
h2 { font-size: 20px; margin: 0 0 4px; }
h3 { font-size: 15px; margin: 14px 0 6px; }
section { margin: 30px 0; }
.caption { color: var(--muted); margin: 0 0 10px; font-size: 14px; max-width: 900px; }
.cards { display: grid; grid-template-columns: repeat(4, minmax(0, 1fr)); gap: 10px; margin: 0; }
.card { background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: 10px 12px; }
.card .k { font-size: 12px; color: var(--muted); text-transform: uppercase; letter-spacing: .04em; }
.card .v { font-size: 21px; font-weight: 650; font-variant-numeric: tabular-nums; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.card .s { font-size: 12.5px; color: var(--muted); white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.card.best { border-color: #f1b5b5; background: #fff6f6; }
.card.best .v { color: var(--accent); }
nav.toc { display: flex; flex-wrap: wrap; gap: 6px 16px; font-size: 14px; margin: 18px 0 0; }
nav.toc a { color: #2160c4; text-decoration: none; }
nav.toc a:hover { text-decoration: underline; }
pre { font-family: var(--mono); font-size: 13px; line-height: 1.45; background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 10px 12px; overflow-x: auto; margin: 0; }
.plot { min-height: 120px; width: 100%; }
.plot svg { overflow: visible; }
.plot figure { margin: 0; }
.plot figure h2 { font-size: 15px; margin: 0 0 2px; font-family: var(--mono); }
.plot-error { color: var(--accent); padding: 20px; border: 1px dashed var(--accent); }
.grid2 { display: grid; grid-template-columns: 1fr 1fr; gap: 16px; }
.grid2 > div { min-width: 0; }
@media (max-width: 800px) { .grid2 { grid-template-columns: 1fr; } .cards { grid-template-columns: repeat(2, minmax(0, 1fr)); } }
table { border-collapse: collapse; width: 100%; font-size: 13.5px; }
th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-weight: 600; color: var(--muted); font-size: 12.5px; text-transform: uppercase; letter-spacing: .03em; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
th.num { text-align: right; }
td.prog { font-family: var(--mono); font-size: 12.5px; word-break: break-word; }
tr.best-row td { background: #fff6f6; }
.better { color: #1a7f37; }
.worse { color: #b42318; }
details { margin-top: 10px; }
summary { cursor: pointer; color: #2160c4; font-size: 14px; }
.notes li { color: var(--muted); }
footer { margin-top: 40px; padding-top: 12px; border-top: 1px solid var(--line); color: var(--muted); font-size: 12.5px; }
`;

const fmt = (x: number | undefined | null): string => (x === undefined || x === null || Number.isNaN(x) ? '–' : formatScore(x));

function signed(x: number | undefined): Html {
  if (x === undefined || !Number.isFinite(x)) return html`<span>${x === undefined ? '' : fmt(x)}</span>`;
  if (x === 0) return html`<span>0</span>`;
  return html`<span class="${x < 0 ? 'better' : 'worse'}">${x > 0 ? '+' : ''}${fmt(x)}</span>`;
}

function card(key: string, value: string, sub?: string, extra = ''): Html {
  return html`<div class="card ${extra}"><div class="k">${key}</div><div class="v" title="${value}">${value}</div>${sub ? html`<div class="s" title="${sub}">${sub}</div>` : ''}</div>`;
}

function header(d: ReportData): Html {
  const s = d.summary;
  const options = Object.entries(s.taskOptions).map(([k, v]) => `${k}=${String(v)}`).join(', ');
  return html`<header>
<div class="kicker">symdisc · run report</div>
<h1><span class="task">${s.task}</span> <span class="desc">— ${d.taskDescription}</span></h1>
<div class="meta">run <code>${s.runId}</code> · seed <code>${s.seed}</code> · ${s.strategy} · ${s.domain} task${options ? html` (${options})` : ''} · started ${s.createdAt.replace('T', ' ').replace(/\.\d+Z$/, ' UTC')}<br>
backend <code>${s.backend}</code>${s.backendDescription ? html` — ${s.backendDescription}` : ''}${s.workers !== undefined ? html` · ${s.workers} workers` : ''} · directory <code>${s.dir}</code></div>
</header>`;
}

function cards(d: ReportData): Html {
  const s = d.summary;
  const statusSub = [s.uncheckpointed > 0 ? `${s.uncheckpointed} candidates after the last checkpoint` : 'checkpoint up to date', s.tornBytes > 0 ? `torn tail of ${s.tornBytes} bytes ignored` : ''].filter((x) => x).join(', ');
  return html`<div class="cards">
${s.best ? card(`best ${s.label}`, fmt(s.best.score), `${s.measure} at cost ${s.best.cost}`, 'best') : card(`best ${s.label}`, '–', 'no valid program yet', 'best')}
${card('evaluations', String(s.evaluations), s.budget !== undefined ? `of a budget of ${s.budget}` : `${s.candidates} candidates`)}
${card('evaluations / s', s.evaluationsPerSecond !== undefined ? s.evaluationsPerSecond.toFixed(s.evaluationsPerSecond >= 100 ? 0 : 1) : '–', 'at the last checkpoint')}
${card('cache hit rate', percent(s.hitRate), `${s.cacheHits} of ${s.candidates} candidates`)}
${card('elapsed', s.elapsedMs !== undefined ? formatDuration(s.elapsedMs) : '–', 'wall clock, all sessions')}
${card('valid', s.candidates > 0 ? percent(s.validCandidates / s.candidates) : '–', `${s.validCandidates} valid candidates`)}
${card('front', String(s.frontSize), 'programs (best at each cost)')}
${card('status', s.activity, statusSub)}
</div>`;
}

function bestProgram(d: ReportData): Html {
  const b = d.summary.best;
  if (!b) return html``;
  return html`<section id="best"><h2>Best program</h2>
<p class="caption">${d.summary.measure} ${fmt(b.score)} at cost ${b.cost} · hash <code>${b.hash}</code> · found by candidate ${b.candidate} · constants folded (${d.precision}), dead code left out; as found under <a href="#programs">Raw</a></p>
<pre><code>${programDisplay(d.precision).text(b.program, b.display)}</code></pre></section>`;
}

function toc(d: ReportData): Html {
  const links: [string, string][] = [
    ['progress', 'Score over evaluations'],
    ['front', 'Front vs baselines'],
    ...(d.errorCurves ? [['errors', 'Error vs x'] as [string, string]] : []),
    ...(d.discovery ? [['discovery', 'Discoveries'] as [string, string]] : []),
    ...(d.optimizer ? [['training', 'Training curves'] as [string, string]] : []),
    ...(d.lineage ? [['lineage', 'Lineage'] as [string, string]] : []),
    ...(d.best ? [['programs', 'Raw vs simplified'] as [string, string]] : []),
    ['config', 'Configuration'],
  ];
  return html`<nav class="toc">${links.map(([id, name]) => html`<a href="#${id}">${name}</a>`)}</nav>`;
}

function progressSection(d: ReportData): Html {
  if (d.progress.quantiles.length === 0 && d.progress.best.length === 0) {
    return html`<section id="progress"><h2>Score over evaluations</h2><p class="caption">The journal holds no valid candidate yet.</p></section>`;
  }
  return html`<section id="progress"><h2>Score over evaluations</h2>
<p class="caption">The best ${d.summary.label} so far (red step line) and quantiles of the last ${d.progress.window} candidates' ${d.summary.label}s (population × islands), against evaluations (cache misses). Invalid candidates are left out.</p>
<div class="plot" id="plot-progress"></div></section>`;
}

function frontSection(d: ReportData): Html {
  const isFn = d.domain === 'function';
  const baselineNote = d.baselines.length === 0 ? '' : isFn ? ' Baselines: minimax (Remez) and Taylor polynomials of degree 1–8 in Horner form (and minimax with fma), odd/even forms x·P(x²) and odd/even rationals x·P(x²)/Q(x²) where the target has the symmetry, rational minimax p/q, f(0)·P(x)/P(−x) where f(x)·f(−x) = f(0)², scored exactly as the run scores its candidates (same points, precision and cost count).' : ' Baselines: AdamW (the yardstick, score 0) and Lion, scored on the same task.';
  const bestHash = d.summary.best?.hash;
  const show = programDisplay(d.precision);
  const rows = d.front.map(
    (r) => html`<tr class="${r.hash === bestHash ? 'best-row' : ''}"><td class="num">${r.cost}</td><td class="num">${fmt(r.score)}</td><td class="num">${fmt(r.pysrScore)}</td><td><code>${r.hash}</code></td><td class="num">${r.candidate}</td><td class="prog">${show.line(r.program, r.display)}</td></tr>`,
  );
  const baselineRows = d.baselines.map((b) => html`<tr><td>${b.label}</td><td class="num">${b.cost}</td><td class="num">${fmt(b.score)}</td><td class="prog">${show.line(b.program)}</td></tr>`);
  return html`<section id="front"><h2>Front: ${isFn ? 'log error' : 'score'} vs cost, with baselines</h2>
<p class="caption">The run's front (best program at each cost, red) ${isFn ? `on a log ${d.summary.measure} axis` : 'by score (lower is better, negative beats tuned AdamW)'}.${baselineNote} Hover a point for its program.</p>
${d.front.length > 0 || d.baselines.length > 0 ? html`<div class="plot" id="plot-front"></div>` : ''}
<h3>Front</h3>
<table><thead><tr><th class="num">cost</th><th class="num">${d.summary.label}</th><th class="num" title="${d.domain === 'function' ? 'PySR: −Δlog(error)/Δcost from the previous entry' : 'PySR-style: −Δscore/Δcost from the previous entry'}">PySR score</th><th>hash</th><th class="num">cand.</th><th>program</th></tr></thead><tbody>${rows}</tbody></table>
${baselineRows.length > 0 ? html`<details><summary>Baselines (${baselineRows.length})</summary><table><thead><tr><th>baseline</th><th class="num">cost</th><th class="num">${d.summary.label}</th><th>program</th></tr></thead><tbody>${baselineRows}</tbody></table></details>` : ''}
</section>`;
}

function errorSection(d: ReportData): Html {
  const ec = d.errorCurves;
  if (!ec) return html``;
  const rows = ec.curves.map((c) => html`<tr><td>${c.name}</td><td class="num">${fmt(c.maxError)}</td></tr>`);
  return html`<section id="errors"><h2>Error vs x</h2>
<p class="caption">Pointwise ${ec.kind === 'abs' ? 'absolute' : ec.kind === 'rel' ? 'relative' : 'float32 ULP'} error of programs across the front (and the minimax polynomial of the largest cost not above the best program's, dashed), evaluated in float64 against the task's reference on ${ec.curves[0]?.points.length ?? 0} points.${ec.precision === 'f32' ? ' The search scored in float32, so its errors include float32 rounding (about 6e-8 relative) that these float64 curves do not.' : ''}</p>
<div class="plot" id="plot-errors"></div>
<table style="max-width:520px"><thead><tr><th>program</th><th class="num">max error (f64)</th></tr></thead><tbody>${rows}</tbody></table></section>`;
}

function trainingSection(d: ReportData): Html {
  const o = d.optimizer;
  if (!o) return html``;
  const head = o.rules.map((r) => html`<th class="num">${r}</th>`);
  const rows = o.familyScores.map((f) => html`<tr><td>${f.family}</td>${o.rules.map((r) => html`<td class="num">${signed(f.scores[r])} <span class="meta">@ lr ${fmt(f.lrs[r])}</span></td>`)}</tr>`);
  const plots = o.families.map((f) => html`<div class="plot" id="plot-loss-${f}"></div>`);
  return html`<section id="training"><h2>Training curves: best program vs AdamW and Lion</h2>
<p class="caption">Training loss on each family of the task (geometric mean over its instances), each rule at its own best learning rate of the family's grid, as its score was taken. The table gives each family's score (mean log ratio of final loss to tuned AdamW's; lower is better).</p>
<div id="loss-legend"></div>
<div class="grid2">${plots}</div>
<table><thead><tr><th>family</th>${head}</tr></thead><tbody>${rows}</tbody></table></section>`;
}

function discoverySection(d: ReportData): Html {
  const v = d.discovery;
  if (!v || v.programs.length === 0) return html``;
  const head = v.families.map((f) => html`<th class="num">${f}</th>`);
  const cells = (families: Readonly<Record<string, number>>): Html[] => v.families.map((f) => html`<td class="num">${signed(families[f])}</td>`);
  const programRows = v.programs.map((p) => html`<tr class="${p.name === 'best' ? 'best-row' : ''}"><td>${p.name} <code>${p.hash.slice(0, 8)}</code> <span class="meta">cost ${p.cost}</span></td><td class="num">${p.distance ?? '–'}</td><td class="num">${signed(p.score)}</td>${cells(p.families)}</tr>`);
  const baselineRows = v.baselines.map((b) => html`<tr><td>${b.name}</td><td class="num"></td><td class="num">${signed(b.score)}</td>${cells(b.families)}</tr>`);
  const texts = v.programs.map((p) => html`<div><h3>${p.name} <code>${p.hash.slice(0, 8)}</code>${p.distance !== undefined ? html` <span class="meta">${p.distance} statement${p.distance === 1 ? '' : 's'} changed from the warm start</span>` : ''}</h3><pre><code>${p.display}</code></pre></div>`);
  return html`<section id="discovery"><h2>Discoveries: the best programs beside the tuned baselines</h2>
<p class="caption">The front's best programs by score, ${SIMPLIFIED_CAPTION}, with their distance from the warm start${v.warmStart ? html` (<code>${v.warmStart}</code>)` : ''}: the number of statements changed, inserted or deleted between the two as displayed. Scores per family are mean log ratios of final (held-out where the family has a split) loss to tuned AdamW's: negative beats it. Baselines: ${v.baselineSource}, each tuned over learning rate and weight decay.</p>
<table><thead><tr><th>program</th><th class="num">changed</th><th class="num">score</th>${head}</tr></thead><tbody>${programRows}${baselineRows}</tbody></table>
<div class="grid2">${texts}</div></section>`;
}

const LINEAGE_ROWS = 80;

function lineageSection(d: ReportData): Html {
  const l = d.lineage;
  if (!l) return html``;
  const shown = l.steps.slice(-LINEAGE_ROWS);
  const offset = l.steps.length - shown.length;
  const show = programDisplay(d.precision);
  const rows = shown.map(
    (s, i) => html`<tr><td class="num">${offset + i}</td><td class="num">${s.candidate}</td><td class="num">${s.batch}</td><td>${s.mutation}</td><td class="num">${fmt(s.score)}</td><td class="num">${signed(s.change)}</td><td class="prog">${show.line(s.program)}</td></tr>`,
  );
  return html`<section id="lineage"><h2>Lineage of the best program</h2>
<p class="caption">${l.steps.length} generations from ${l.origin === 'seed' ? 'a seed program' : 'an ancestor whose parent is no longer in the journal'} to the best program: each step's mutation and the change of ${d.summary.label} from its parent (negative is better).${offset > 0 ? ` The table shows the last ${LINEAGE_ROWS}.` : ''}</p>
<div class="plot" id="plot-lineage"></div>
<table><thead><tr><th class="num">step</th><th class="num">cand.</th><th class="num">batch</th><th>mutation</th><th class="num">${d.summary.label}</th><th class="num">change</th><th>program</th></tr></thead><tbody>${rows}</tbody></table></section>`;
}

function programsSection(d: ReportData): Html {
  const b = d.best;
  if (!b) return html``;
  const steps = (b.steps ?? []).map((s) => html`<tr><td>${s.rule}</td><td class="num">${s.line}</td><td class="prog">${s.before}</td><td class="prog">${s.after}</td><td>${s.exactness}</td></tr>`);
  return html`<section id="programs"><h2>Best program: raw and simplified</h2>
<p class="caption">As the search found it, and after symbolic simplification (dead code, unused state, constant folding, rewrite rules, common subexpressions).</p>
<div class="grid2"><div><h3>Raw</h3><pre><code>${b.raw}</code></pre></div>
<div><h3>Simplified${b.simplified === b.raw ? html` <span class="meta">(nothing to simplify)</span>` : ''}</h3>${b.simplified !== undefined ? html`<pre><code>${b.simplified}</code></pre>` : html`<p class="caption">Not available: ${b.simplifyError ?? 'unknown reason'}</p>`}</div></div>
${steps.length > 0 ? html`<details><summary>Simplification steps (${steps.length})</summary><table><thead><tr><th>rule</th><th class="num">line</th><th>before</th><th>after</th><th>exactness</th></tr></thead><tbody>${steps}</tbody></table></details>` : ''}
</section>`;
}

/** Config as rows of dotted key and value; program lists apart. */
function flatten(value: unknown, prefix: string, out: [string, string][]): void {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else if (Array.isArray(value) && value.every((v) => typeof v !== 'object')) {
    out.push([prefix, value.map(String).join(', ')]);
  } else {
    out.push([prefix, typeof value === 'string' ? value : JSON.stringify(value)]);
  }
}

function configSection(d: ReportData): Html {
  const { initial, ...rest } = d.config;
  const rows: [string, string][] = [];
  flatten(rest, '', rows);
  return html`<section id="config"><h2>Configuration</h2>
<p class="caption">config.json of the run: what reproduces it.</p>
<table><tbody>${rows.map(([k, v]) => html`<tr><td class="mono" style="width:30%">${k}</td><td class="mono">${v}</td></tr>`)}</tbody></table>
<details><summary>Initial programs (${initial.length})</summary>${initial.map((p) => html`<pre style="margin-top:8px"><code>${p}</code></pre>`)}</details>
</section>`;
}

function notesSection(d: ReportData): Html {
  if (d.notes.length === 0) return html``;
  return html`<section id="notes"><h2>Notes</h2><ul class="notes">${d.notes.map((n) => html`<li>${n}</li>`)}</ul></section>`;
}

/** The data the render script reads (plots only; tables are already in the page). */
function plotData(d: ReportData): unknown {
  return {
    summary: { label: d.summary.label, measure: d.summary.measure },
    domain: d.domain,
    logScores: d.logScores,
    progress: d.progress,
    front: d.front.map((r) => ({ cost: r.cost, score: r.score, program: programDisplay(d.precision).line(r.program, r.display), hash: r.hash })),
    baselines: d.baselines,
    errorCurves: d.errorCurves,
    optimizer: d.optimizer,
    lineage: d.lineage ? { steps: d.lineage.steps.map((s) => ({ candidate: s.candidate, mutation: s.mutation, score: s.score })) } : undefined,
  };
}

export function renderPage(d: ReportData, assets: ReportAssets): string {
  const body: HtmlValue[] = [header(d), cards(d), toc(d), bestProgram(d), progressSection(d), frontSection(d), errorSection(d), discoverySection(d), trainingSection(d), lineageSection(d), programsSection(d), configSection(d), notesSection(d)];
  const versions = Object.entries(assets.versions).map(([k, v]) => `${k} ${v}`).join(', ');
  const page = html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>symdisc report: ${d.summary.task} · ${d.summary.runId}</title>
<style>${raw(STYLE)}</style>
</head>
<body>
<main>
${body}
<footer>Generated ${d.generatedAt.replace('T', ' ').replace(/\.\d+Z$/, ' UTC')} by symdisc report. Plots: ${versions}, inlined; this file needs no network.</footer>
</main>
<script type="application/json" id="report-data">${raw(jsonForScript(plotData(d)))}</script>
${assets.scripts.map((s) => html`<script data-lib="${s.name}">${raw(s.code)}</script>\n`)}
</body>
</html>
`;
  return page.text;
}
