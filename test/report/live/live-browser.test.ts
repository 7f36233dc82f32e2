/**
 * The live dashboard in a real browser (Debian's chromium through playwright-core) while a search
 * runs: two snapshots a few seconds apart show more evaluations, the page logs no error and asks
 * for nothing outside 127.0.0.1, and when the server goes away the page keeps its data and says it
 * is disconnected. Screenshots go to test-output/.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { startDashboard } from '../../../src/report/live/server.ts';
import { search } from '../../../src/search.ts';
import { CHROMIUM_ARGS, CHROMIUM_PATH, chromiumAvailable } from '../support/browser.ts';

const OUTPUT = fileURLToPath(new URL('../../../test-output/', import.meta.url));
const available = chromiumAvailable();
const required = process.env.CI === 'true' || process.env.SYMDISC_REQUIRE_CHROMIUM === '1';
const missing = `chromium not found at ${CHROMIUM_PATH} (set CHROMIUM_PATH, or install Debian's chromium: apt-get install chromium; .ci/run does)`;
if (!available && !required) console.warn(`live-browser.test.ts: SKIPPED: ${missing}`);

const root = mkdtempSync(join(tmpdir(), 'symdisc-live-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe.runIf(!available && required)('live dashboard in a browser (CI)', () => {
  it('needs chromium', () => {
    throw new Error(missing);
  });
});

/** Evaluations the page shows for each run, read from its DOM. */
const SHOWN = "[...document.querySelectorAll('[data-evaluations]')].map((e) => Number(e.dataset.evaluations))";

describe.runIf(available)('live dashboard in a browser', () => {
  it('follows a running search beside a finished one, stays clean, and shows when the server is gone', async () => {
    const done = join(root, 'done');
    await search({ task: 'fn:exp2', seed: 6, budget: 64, settings: { batchSize: 16 }, backend: 'cpu', workers: 1, out: done });
    const dir = join(root, 'run');
    const controller = new AbortController();
    const running = search({ task: 'fn:exp2', seed: 5, timeMs: 60_000, settings: { batchSize: 16 }, backend: 'cpu', workers: 1, out: dir, checkpointIntervalMs: 1000, signal: controller.signal });
    const dashboard = await startDashboard({ paths: [dir, done], port: 0, pollMs: 250 });
    const userDataDir = mkdtempSync(join(tmpdir(), 'symdisc-chromium-'));
    const context = await chromium.launchPersistentContext(userDataDir, { executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS, viewport: { width: 1280, height: 1000 } });
    const consoleErrors: string[] = [];
    const pageErrors: string[] = [];
    const outside: string[] = [];
    let serverClosed = false;
    try {
      await context.route('**', (route) => {
        const url = new URL(route.request().url());
        if (url.protocol === 'http:' && url.hostname === '127.0.0.1') return route.continue();
        outside.push(url.href);
        return route.abort('blockedbyclient');
      });
      const page = context.pages()[0] ?? (await context.newPage());
      page.on('console', (m) => {
        if (m.type() === 'error' && !(serverClosed && /EventSource|ERR_CONNECTION_REFUSED|net::/i.test(m.text()))) consoleErrors.push(m.text());
      });
      page.on('pageerror', (e) => pageErrors.push(e.message));
      // Wait until the search has written its first batches, so the first snapshot has data.
      await page.goto(dashboard.url, { waitUntil: 'load' });
      await page.waitForFunction(`${SHOWN}.some((n) => n > 0) && document.body.dataset.connection === 'connected'`, undefined, { timeout: 30_000 });
      const first = (await page.evaluate(SHOWN)) as number[];
      await new Promise((resolve) => setTimeout(resolve, 4000));
      await page.waitForFunction(`${SHOWN}[0] > ${first[0]}`, undefined, { timeout: 20_000 });
      const second = (await page.evaluate(SHOWN)) as number[];
      expect(second[0]).toBeGreaterThan(first[0]);
      mkdirSync(OUTPUT, { recursive: true });
      await page.screenshot({ path: join(OUTPUT, 'live-running.png'), fullPage: true });
      const svgs = (await page.evaluate("[...document.querySelectorAll('.plot')].filter((p) => p.querySelector('svg')).length")) as number;
      expect(svgs).toBe(5); // the comparison of both runs, progress and front of each
      expect(second[1]).toBe(64); // the finished run, side by side
      expect((await page.evaluate("document.querySelector('.best-program').textContent")) as string).toMatch(/^def f\(x\):/);

      serverClosed = true;
      await dashboard.close();
      await page.waitForFunction("document.body.dataset.connection === 'disconnected'", undefined, { timeout: 15_000 });
      const kept = (await page.evaluate(SHOWN)) as number[];
      expect(kept[0]).toBeGreaterThanOrEqual(second[0]);
      expect((await page.evaluate("document.getElementById('status').textContent")) as string).toMatch(/disconnected/);
      await page.screenshot({ path: join(OUTPUT, 'live-disconnected.png'), fullPage: true });
      expect(consoleErrors).toEqual([]);
      expect(pageErrors).toEqual([]);
      expect(outside).toEqual([]);
    } finally {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
      if (!serverClosed) await dashboard.close();
      controller.abort();
      await running;
    }
  });
});
