/**
 * The report in a real browser: Debian's chromium through playwright-core, headless, offline, every
 * non-file request blocked. Each plot must be drawn with all its data, the page must log no error
 * and request nothing, and run data containing markup must not inject any. Screenshots go to
 * test-output/ (look at them).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderReport } from '../../src/report/report.ts';
import type { ReportData } from '../../src/report/report-data.ts';
import { CHROMIUM_PATH, chromiumAvailable, visitReport } from './support/browser.ts';
import type { PageVisit, PlotMarks } from './support/browser.ts';
import { makeHostileCopy } from './support/hostile-run.ts';
import { makeRun } from './support/make-run.ts';

const OUTPUT = fileURLToPath(new URL('../../test-output/', import.meta.url));
const available = chromiumAvailable();
const required = process.env.CI === 'true' || process.env.SYMDISC_REQUIRE_CHROMIUM === '1';
const missing = `chromium not found at ${CHROMIUM_PATH} (set CHROMIUM_PATH, or install Debian's chromium: apt-get install chromium; .ci/run does)`;

if (!available && !required) console.warn(`report-browser.test.ts: SKIPPED: ${missing}`);

describe.runIf(!available && required)('report in a browser (CI)', () => {
  it('needs chromium', () => {
    throw new Error(missing);
  });
});

let scratch: string;

/** Writes the report of `dir`, opens it, and returns what the browser saw plus the report's data. */
async function open(dir: string, name: string): Promise<{ visit: PageVisit; data: ReportData }> {
  const { html, data } = renderReport(dir);
  const file = join(scratch, `${name}.html`);
  writeFileSync(file, html);
  const visit = await visitReport(file, join(OUTPUT, `report-${name}.png`));
  return { visit, data };
}

function plot(visit: PageVisit, id: string): PlotMarks {
  const p = visit.plots.find((x) => x.id === id);
  if (!p) throw new Error(`no plot container #${id}; containers: ${visit.plots.map((x) => x.id).join(', ')}`);
  expect(p.text, `#${id} failed to draw`).toBe('');
  expect(p.rendered).toBe(true);
  expect(p.width).toBeGreaterThan(300);
  expect(p.height).toBeGreaterThan(150);
  return p;
}

function expectClean(visit: PageVisit): void {
  expect(visit.consoleErrors).toEqual([]);
  expect(visit.pageErrors).toEqual([]);
  expect(visit.failedRequests).toEqual([]);
  expect(visit.blockedRequests).toEqual([]);
  expect(visit.plotsDone).toBe(true);
  expect(visit.injected).toBe(false);
}

describe.runIf(available)('report in a browser', () => {
  let fnDir: string;
  let optDir: string;

  beforeAll(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'symdisc-browser-'));
    fnDir = (await makeRun('function', { dir: join(scratch, 'fn') })).dir;
    optDir = (await makeRun('optimizer', { dir: join(scratch, 'opt') })).dir;
  });

  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('draws every plot of a function run with all its data', async () => {
    const { visit, data } = await open(fnDir, 'function');
    expectClean(visit);
    expect(visit.title).toContain('fn:exp2');
    expect(visit.plots.map((p) => p.id)).toEqual(['plot-progress', 'plot-front', 'plot-errors', 'plot-lineage']);
    const progress = plot(visit, 'plot-progress');
    expect(progress.areas).toBe(2);
    expect(progress.lines).toBe(2);
    expect(progress.dots).toBe(data.progress.best.length - 1);
    const front = plot(visit, 'plot-front');
    expect(front.dots).toBe(data.front.length + data.baselines.length);
    expect(front.lines).toBe(1 + new Set(data.baselines.map((b) => b.series)).size);
    expect(plot(visit, 'plot-errors').lines).toBe(data.errorCurves?.curves.length);
    expect(plot(visit, 'plot-lineage').dots).toBe(data.lineage?.steps.length);
  });

  it('draws the training curves of an optimizer run, one plot per family', async () => {
    const { visit, data } = await open(optDir, 'optimizer');
    expectClean(visit);
    const families = data.optimizer?.families ?? [];
    expect(visit.plots.map((p) => p.id)).toEqual(['plot-progress', 'plot-front', ...families.map((f) => `plot-loss-${f}`), 'plot-lineage']);
    expect(plot(visit, 'plot-front').dots).toBe(data.front.length + data.baselines.length);
    for (const f of families) expect(plot(visit, `plot-loss-${f}`).lines).toBe(data.optimizer?.curves.filter((c) => c.family === f && c.points.length > 0).length);
    expect(plot(visit, 'plot-lineage').dots).toBe(data.lineage?.steps.length);
  });

  it('shows markup in run names, configuration and programs as text', async () => {
    const hostile = makeHostileCopy(fnDir, join(scratch, 'hostile'));
    const { visit } = await open(hostile, 'hostile');
    expectClean(visit);
    expect(visit.title).toContain('</script><script>window.__injected=true</script>');
    plot(visit, 'plot-front');
  });
});
