/**
 * `symdisc serve`: the live dashboard of one or more run directories over HTTP. The page (page.ts)
 * is self-contained (plot libraries inlined, the current data embedded), then follows the runs
 * through server-sent events; the server looks at the run directories once a second and sends the
 * new views when a directory changed. It binds 127.0.0.1 unless another host is asked for.
 *
 * Routes: `/` the page, `/api/runs` the current views as JSON, `/events` the event stream.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LiveViews, runDirectories } from './live-view.ts';
import type { LiveEntry } from './live-view.ts';
import { renderLivePage } from './page.ts';

export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_PORT = 8737;

export interface DashboardOptions {
  /** Run directories, or folders of run directories (see runDirectories); a function is asked anew at every look. */
  readonly paths: readonly string[] | (() => readonly string[]);
  /** 0 picks a free port. */
  readonly port?: number;
  readonly host?: string;
  /** How often the run directories are looked at, in ms (default 1000). */
  readonly pollMs?: number;
  readonly log?: (line: string) => void;
}

export interface Dashboard {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/** Views as JSON: non-finite numbers become null, as JSON has none. */
export function liveJson(entries: readonly LiveEntry[]): string {
  return JSON.stringify(entries, (_key, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v));
}

/** `host` is reachable from other machines (not a loopback address). */
export function isExposedHost(host: string): boolean {
  return !(host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host));
}

export async function startDashboard(options: DashboardOptions): Promise<Dashboard> {
  const host = options.host ?? DEFAULT_HOST;
  const log = options.log ?? (() => {});
  if (isExposedHost(host)) log(`serve: warning: listening on ${host}: anyone who can reach this machine can read these runs`);
  const paths = options.paths;
  const views = new LiveViews(() => runDirectories(typeof paths === 'function' ? paths() : paths));
  const clients = new Set<ServerResponse>();
  let current = views.refresh().entries;

  const send = (res: ServerResponse, entries: readonly LiveEntry[]): void => {
    res.write(`event: runs\ndata: ${liveJson(entries)}\n\n`);
  };
  const timer = setInterval(() => {
    const { entries, changed } = views.refresh();
    current = entries;
    if (changed) for (const res of clients) send(res, entries);
    else for (const res of clients) res.write(': keep-alive\n\n');
  }, options.pollMs ?? 1000);
  timer.unref();

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    if (path === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(renderLivePage(current));
    } else if (path === '/api/runs') {
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(liveJson(current));
    } else if (path === '/events') {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
      res.write('retry: 2000\n\n');
      send(res, current);
      clients.add(res);
      req.on('close', () => clients.delete(res));
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
    }
  };

  const server: Server = createServer((req, res) => {
    try {
      handle(req, res);
    } catch (error) {
      // A bad request must not stop the dashboard (nor the search it may run beside).
      log(`serve: ${req.url ?? ''}: ${(error as Error).message}`);
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('internal error\n');
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? DEFAULT_PORT, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const shown = host.includes(':') ? `[${host}]` : host;
  const url = `http://${shown}:${port}/`;
  return {
    url,
    port,
    close: async () => {
      clearInterval(timer);
      for (const res of clients) res.end();
      clients.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
