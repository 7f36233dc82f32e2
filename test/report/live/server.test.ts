/**
 * The live dashboard's server over real HTTP on 127.0.0.1: the page embeds the current views, the
 * JSON route and the event stream carry them, a folder stands for the runs in it, and the server
 * refuses what it does not serve.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isExposedHost, startDashboard } from '../../../src/report/live/server.ts';
import type { Dashboard } from '../../../src/report/live/server.ts';
import type { LiveEntry, LiveRunView } from '../../../src/report/live/live-view.ts';
import { search } from '../../../src/search.ts';

let root: string;
let dashboard: Dashboard;
const logged: string[] = [];

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'symdisc-serve-'));
  for (const seed of ['1', '2']) {
    await search({ task: 'fn:exp2', seed, budget: 96, settings: { population: 32, batchSize: 32 }, backend: 'cpu', workers: 1, out: join(root, `run-${seed}`) });
  }
  dashboard = await startDashboard({ paths: [root], port: 0, pollMs: 200, log: (l) => logged.push(l) });
});
afterAll(async () => {
  await dashboard?.close();
  rmSync(root, { recursive: true, force: true });
});

function get(path: string, method = 'GET'): Promise<{ status: number; type: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, dashboard.url), { method }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** The first `runs` event of the stream. */
function firstEvent(): Promise<LiveEntry[]> {
  return new Promise((resolve, reject) => {
    const req = request(new URL('/events', dashboard.url), (res) => {
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => {
        buffer += c;
        const m = /event: runs\ndata: (.*)\n\n/.exec(buffer);
        if (m) {
          req.destroy();
          resolve(JSON.parse(m[1]) as LiveEntry[]);
        }
      });
    });
    req.on('error', (e) => ((e as NodeJS.ErrnoException).code === 'ECONNRESET' ? undefined : reject(e)));
    req.end();
  });
}

describe('live dashboard server', () => {
  it('listens on 127.0.0.1 and shows every run of a folder, newest first', async () => {
    expect(dashboard.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(logged).toEqual([]);
    const res = await get('/api/runs');
    expect(res.status).toBe(200);
    expect(res.type).toContain('application/json');
    const runs = JSON.parse(res.body) as LiveRunView[];
    expect(runs.map((r) => r.dir)).toEqual([join(root, 'run-2'), join(root, 'run-1')]);
    for (const run of runs) {
      expect(run.task).toBe('fn:exp2');
      expect(run.activity).toBe('stopped');
      expect(run.evaluations).toBe(96);
      expect(run.front.length).toBeGreaterThan(0);
      expect(run.best?.program).toMatch(/^def f\(x\):/);
      expect(run.progress.best.length).toBeGreaterThan(0);
    }
  });

  it('embeds the views and the plot libraries in a page that needs no network', async () => {
    const res = await get('/');
    expect(res.status).toBe(200);
    expect(res.type).toContain('text/html');
    expect(res.body).toContain('<script type="application/json" id="live-data">');
    expect(res.body).toContain('run-2');
    expect(res.body).not.toMatch(/<script[^>]+src=/);
  });

  it('sends the views on the event stream at once', async () => {
    const entries = await firstEvent();
    expect(entries).toHaveLength(2);
    expect((entries[0] as LiveRunView).evaluations).toBe(96);
  });

  it('answers 404 and 405 for what it does not serve', async () => {
    expect((await get('/etc/passwd')).status).toBe(404);
    expect((await get('/api/runs', 'POST')).status).toBe(405);
  });

  it('shows a path that is not a run as an error entry', async () => {
    const other = await startDashboard({ paths: [join(root, 'missing')], port: 0 });
    try {
      const runs = JSON.parse((await get('/api/runs').then(() => new Promise<string>((resolve) => {
        request(new URL('/api/runs', other.url), (res) => {
          let body = '';
          res.on('data', (c: Buffer) => (body += c.toString()));
          res.on('end', () => resolve(body));
        }).end();
      })))) as { dir: string; error?: string }[];
      expect(runs).toHaveLength(1);
      expect(runs[0].error).toBeTruthy();
    } finally {
      await other.close();
    }
  });

  it('calls only non-loopback hosts exposed', () => {
    for (const h of ['127.0.0.1', '127.1.2.3', 'localhost', '::1']) expect(isExposedHost(h)).toBe(false);
    for (const h of ['0.0.0.0', '::', '192.0.2.1', 'example.org']) expect(isExposedHost(h)).toBe(true);
  });
});
