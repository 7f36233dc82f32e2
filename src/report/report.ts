/**
 * `symdisc report` as a library: reads a run directory and writes its HTML report (default
 * `DIR/report.html`), one self-contained file.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { reportAssets } from './assets.ts';
import { renderPage } from './page.ts';
import { reportDataForDirectory } from './report-data.ts';
import type { ReportData, ReportOptions } from './report-data.ts';

export interface WrittenReport {
  readonly path: string;
  readonly bytes: number;
  readonly data: ReportData;
}

/** The report of the run in `dir` as an HTML string. */
export function renderReport(dir: string, options: ReportOptions = {}): { html: string; data: ReportData } {
  const data = reportDataForDirectory(dir, options);
  return { html: renderPage(data, reportAssets()), data };
}

export function writeReport(dir: string, out: string = join(dir, 'report.html'), options: ReportOptions = {}): WrittenReport {
  const { html, data } = renderReport(dir, options);
  writeFileSync(out, html);
  return { path: out, bytes: Buffer.byteLength(html), data };
}
