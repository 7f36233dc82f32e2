import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REFERENCE_SEED_NAMES } from './support/names.ts';
import { parseProgram } from '../../src/dsl/parse.ts';
import { programDistance } from '../../src/dsl/program-distance.ts';
import { reportDataForDirectory } from '../../src/report/report-data.ts';
import type { ReportData } from '../../src/report/report-data.ts';
import { renderReport } from '../../src/report/report.ts';
import { HOSTILE, makeHostileCopy } from './support/hostile-run.ts';
import { makeRun } from './support/make-run.ts';

let scratch: string;
let fnDir: string;
let optDir: string;
let fn: ReportData;
let opt: ReportData;

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'symdisc-report-'));
  fnDir = (await makeRun('function', { dir: join(scratch, 'fn') })).dir;
  optDir = (await makeRun('optimizer', { dir: join(scratch, 'opt') })).dir;
  fn = reportDataForDirectory(fnDir);
  opt = reportDataForDirectory(optDir);
});

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('report data of a function run', () => {
  it('scores the polynomial baselines as the run scores candidates', () => {
    const minimax3 = fn.baselines.find((b) => b.label === 'minimax degree 3');
    const taylor3 = fn.baselines.find((b) => b.label === 'taylor degree 3');
    // ANCHORS.md: the degree-3 minimax polynomial of 2^x on [0, 1] has max abs error 1.07e-4 (Sollya);
    // float32 evaluation on the task's points adds at most a few 1e-7.
    expect(minimax3?.score).toBeGreaterThan(1.06e-4);
    expect(minimax3?.score).toBeLessThan(1.08e-4);
    expect(minimax3?.cost).toBe(6);
    expect(taylor3?.score).toBeGreaterThan(minimax3?.score ?? Infinity);
    // The run's cost model (interactions) counts an fma as a multiply and an add.
    expect(fn.baselines.find((b) => b.label === 'minimax degree 3 (fma)')?.cost).toBe(6);
    // Minimax (Horner, fma), Taylor, rational p/q and f(0)·P(x)/P(−x) (2^x has no odd/even symmetry on [0, 1], but 2^x·2^-x = 1).
    expect(new Set(fn.baselines.map((b) => b.series))).toEqual(new Set(['minimax polynomial (Horner)', 'minimax polynomial (fma)', 'Taylor polynomial (Horner)', 'rational minimax p/q', 'rational f(0)·P(x)/P(−x)']));
    expect(fn.baselines.find((b) => b.label === 'rational 1/1')?.score).toBeLessThan(1.3e-3);
  });

  it('draws error curves whose maxima agree with the run’s scores', () => {
    const ec = fn.errorCurves;
    expect(ec?.kind).toBe('abs');
    const best = fn.summary.best;
    const bestCurve = ec?.curves.find((c) => c.name.endsWith('(best)'));
    expect(bestCurve?.points.length).toBe(512);
    // f64 on 512 points vs f32 on 1024 points: the same maximum to well within 1%.
    expect(Math.abs((bestCurve?.maxError ?? 0) - (best?.score ?? 0)) / (best?.score ?? 1)).toBeLessThan(0.01);
    expect(ec?.curves.some((c) => c.baseline)).toBe(true);
  });

  it('has the progress series, the lineage of the best program and its simplified form', () => {
    expect(fn.progress.best.at(-1)?.score).toBe(fn.summary.best?.score);
    expect(fn.progress.quantiles.length).toBeGreaterThan(10);
    expect(fn.lineage?.steps.at(-1)?.candidate).toBe(fn.summary.best?.candidate);
    expect(fn.best?.raw).toBe(fn.summary.best?.program);
    expect(fn.best?.simplified).toMatch(/^def f\(x\):/);
    expect(fn.notes).toEqual([]);
  });
});

describe('report data of an optimizer run', () => {
  it('scores AdamW at exactly 0 (it is the yardstick) and Lion on the same task', () => {
    expect(opt.baselines.map((b) => b.label)).toEqual(['AdamW', 'Lion']);
    expect(opt.baselines[0].score).toBe(0);
    expect(Number.isFinite(opt.baselines[1].score)).toBe(true);
    expect(REFERENCE_SEED_NAMES).toContain('adamw');
  });

  it('trains the best program and the baselines on every family, from the same first loss', () => {
    const o = opt.optimizer;
    expect(o?.rules).toEqual(['best program', 'AdamW', 'Lion']);
    expect(o?.families).toEqual(['quadratic']);
    const curves = o?.curves ?? [];
    expect(curves.length).toBe(3);
    const first = curves.map((c) => c.points[0]);
    expect(first.every((p) => p.step === 1)).toBe(true);
    for (const p of first) expect(p.loss).toBeCloseTo(first[0].loss, 6);
    // Each rule trains at the lr its score was taken at (the search's score is that, as a float32).
    expect(o?.familyScores[0].scores['best program']).toBeCloseTo(opt.summary.best?.score ?? NaN, 6);
    expect(Math.fround(o?.familyScores[0].scores['best program'] ?? NaN)).toBe(opt.summary.best?.score);
    expect(o?.familyScores[0].scores.AdamW).toBe(0);
    expect(curves.find((c) => c.rule === 'best program')?.lr).toBe(o?.familyScores[0].lrs['best program']);
  });

  it('shows the best programs as discoveries: displayed, their distance from the warm start, per-family scores beside the baselines', () => {
    const d = opt.discovery;
    const best = opt.summary.best;
    expect(d?.warmStart).toBe(opt.config.warmStart);
    expect(d?.programs[0].hash).toBe(best?.hash);
    expect(d?.programs[0].display).toMatch(/^def train\(w, g, m, v, lr\):/);
    const initial = opt.config.initial.map((t) => parseProgram(t));
    expect(d?.programs[0].distance).toBe(Math.min(...initial.map((p) => programDistance(parseProgram(best?.program ?? ''), p, opt.precision))));
    expect(d?.programs[0].families.quadratic).toBe(best?.measures['family.quadratic']);
    // No baselines.json in a run made by search(): the report's own tuned AdamW and Lion.
    expect(d?.baselines.map((b) => b.name)).toEqual(['AdamW', 'Lion']);
    expect(d?.baselines[0].families.quadratic).toBe(0);
  });

  it('plots optimizer scores on a linear-type axis (they may be negative)', () => {
    expect(opt.logScores).toBe(false);
    expect(fn.logScores).toBe(true);
  });
});

describe('the HTML page', () => {
  it('is one self-contained document: inlined scripts, no external resources', () => {
    const { html } = renderReport(fnDir);
    expect(html.startsWith('<!doctype html>')).toBe(true);
    for (const id of ['plot-progress', 'plot-front', 'plot-errors', 'plot-lineage', 'progress', 'front', 'errors', 'lineage', 'programs', 'config']) expect(html).toContain(`id="${id}"`);
    expect(html).not.toMatch(/<script[^>]+src=/i);
    expect(html).not.toMatch(/<link[^>]+href=/i);
    expect(html).not.toMatch(/(?:src|href)="(?:https?:)?\/\//i);
    expect(html.match(/<script[\s>]/g)?.length).toBe(4);
  });

  it('shows optimizer sections for an optimizer run', () => {
    const { html } = renderReport(optDir);
    expect(html).toContain('id="plot-loss-quadratic"');
    expect(html).toContain('id="training"');
    expect(html).toContain('id="discovery"');
    expect(html).toMatch(/statements? changed from the warm start|<td class="num">0<\/td>/);
    expect(html).not.toContain('id="plot-errors"');
  });

  it('escapes run names, configuration and program text', () => {
    const hostile = makeHostileCopy(fnDir, join(scratch, 'hostile'));
    const { html, data } = renderReport(hostile);
    expect(html).not.toContain(HOSTILE);
    expect(html).not.toContain('<script>window.__injected');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<injected-tag');
    expect(html.match(/<script[\s>]/g)?.length).toBe(4);
    expect(html).toContain('&lt;/script&gt;&lt;script&gt;window.__injected=true&lt;/script&gt;&quot;&#39;&gt;&lt;img');
    expect(data.summary.runId).toBe(`run ${HOSTILE}`);
  });
});
