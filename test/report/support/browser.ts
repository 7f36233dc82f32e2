/**
 * Opens a report in headless Chromium (Debian's package, through playwright-core) with every
 * network request blocked, and collects what the page did: console errors, page errors, failed or
 * blocked requests, and per plot container how many marks it drew.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface PlotMarks {
  readonly id: string;
  readonly rendered: boolean;
  /** Shapes Observable Plot drew for each kind of mark (its <g aria-label="line|area|dot">). */
  readonly lines: number;
  readonly areas: number;
  readonly dots: number;
  /** Width and height of the plot's SVG. */
  readonly width: number;
  readonly height: number;
  readonly text: string;
}

export interface PageVisit {
  readonly consoleErrors: string[];
  readonly pageErrors: string[];
  readonly failedRequests: string[];
  /** Requests to anything but file: that were blocked. */
  readonly blockedRequests: string[];
  readonly plots: PlotMarks[];
  readonly plotsDone: boolean;
  readonly title: string;
  /** Whether an injected `<script>` from run data ran or injected markup exists. */
  readonly injected: boolean;
}

export function chromiumAvailable(): boolean {
  return existsSync(CHROMIUM_PATH);
}

/** Opens `htmlPath`, waits for the plots, saves a full-page screenshot to `screenshotPath`. */
export async function visitReport(htmlPath: string, screenshotPath: string): Promise<PageVisit> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'symdisc-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 900 },
    offline: true,
  });
  const consoleErrors: string[] = [];
  const pageErrors: string[] = [];
  const failedRequests: string[] = [];
  const blockedRequests: string[] = [];
  try {
    await context.route('**', (route) => {
      const url = route.request().url();
      if (url.startsWith('file:')) return route.continue();
      blockedRequests.push(url);
      return route.abort('blockedbyclient');
    });
    const page = context.pages()[0] ?? (await context.newPage());
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('requestfailed', (r) => failedRequests.push(`${r.url()}: ${r.failure()?.errorText ?? 'failed'}`));
    await page.goto(pathToFileURL(htmlPath).href, { waitUntil: 'load' });
    // Browser-side code as strings: this project compiles without the DOM library.
    await page.waitForFunction("document.body.dataset.plots === 'done'", undefined, { timeout: 15_000 }).catch(() => undefined);
    const plotsDone = (await page.evaluate("document.body.dataset.plots === 'done'")) as boolean;
    const plots = (await page.evaluate(`[...document.querySelectorAll('.plot')].map((el) => ({
      id: el.id,
      rendered: el.dataset.rendered === 'true',
      lines: el.querySelectorAll('svg g[aria-label="line"] path').length,
      areas: el.querySelectorAll('svg g[aria-label="area"] path').length,
      dots: el.querySelectorAll('svg g[aria-label="dot"] > *').length,
      ...[...el.querySelectorAll('svg')].map((svg) => svg.getBoundingClientRect()).reduce((a, r) => (r.width * r.height > a.width * a.height ? { width: r.width, height: r.height } : a), { width: 0, height: 0 }),
      text: el.dataset.rendered === 'true' ? '' : (el.textContent || '').slice(0, 200),
    }))`)) as PlotMarks[];
    const injected = (await page.evaluate("window.__injected === true || document.querySelector('[data-injected], injected-tag, img') !== null")) as boolean;
    const title = await page.title();
    mkdirSync(join(screenshotPath, '..'), { recursive: true });
    await page.screenshot({ path: screenshotPath, fullPage: true });
    return { consoleErrors, pageErrors, failedRequests, blockedRequests, plots, plotsDone, title, injected };
  } finally {
    await context.close();
    rmSync(userDataDir, { recursive: true, force: true });
  }
}
