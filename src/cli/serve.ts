/**
 * `symdisc serve [DIR...] [--port P] [--host H]`: the live dashboard of one or more runs (or
 * folders of runs, default results/) until Ctrl-C. Binds 127.0.0.1 unless --host says otherwise.
 */
import { existsSync } from 'node:fs';
import { DEFAULT_HOST, DEFAULT_PORT, startDashboard } from '../report/live/server.ts';
import type { Dashboard } from '../report/live/server.ts';
import type { Command } from './command.ts';
import { parseFlags, positiveInteger } from './search-options.ts';
import { UsageError } from './usage-error.ts';

const usage = `Usage: symdisc serve [DIR...] [--port P] [--host H]

Serves a live page of the runs in DIR (a run directory, or a folder of them; default results/)
at http://${DEFAULT_HOST}:${DEFAULT_PORT}/: front, score over evaluations, evaluations/s, cache hit
rate and the best program simplified, updating while the searches run. Several runs are shown
side by side. The page works offline and says when the server is gone.

Options:
  --port P   port (default ${DEFAULT_PORT}; 0 picks a free one)
  --host H   address to listen on (default ${DEFAULT_HOST}; another one exposes the runs to the network)`;

/** Port from a flag value: 0 (any free port) to 65535. */
export function portFlag(command: string, flag: string, value: string): number {
  const port = positiveInteger(command, flag, value, 0);
  if (port > 65535) throw new UsageError(`${command}: --${flag} must be a port from 0 to 65535, got '${value}'`);
  return port;
}

/** Starts the dashboard, turning a port in use into a one-line error. */
export async function serveRuns(command: string, paths: readonly string[] | (() => readonly string[]), port: number, host: string, log: (line: string) => void): Promise<Dashboard> {
  try {
    const dashboard = await startDashboard({ paths, port, host, log });
    log(`${command}: live dashboard at ${dashboard.url}`);
    return dashboard;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new UsageError(`${command}: port ${port} is in use; choose another with --port (0 picks a free one)`);
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') throw new UsageError(`${command}: cannot listen on host '${host}' (${code})`);
    throw error;
  }
}

export const command: Command = {
  name: 'serve',
  summary: 'serve a live dashboard of running or finished runs on 127.0.0.1',
  usage,
  async run(argv) {
    const { values, positional } = parseFlags('serve', argv, { port: { accepts: 'a port from 0 to 65535' }, host: { accepts: 'an address to listen on' } });
    const paths = positional.length > 0 ? positional : ['results'];
    for (const path of paths) if (!existsSync(path)) throw new UsageError(`serve: ${path} does not exist`);
    const port = values.has('port') ? portFlag('serve', 'port', values.get('port') as string) : DEFAULT_PORT;
    const dashboard = await serveRuns('serve', paths, port, values.get('host') ?? DEFAULT_HOST, (line) => process.stderr.write(`${line}\n`));
    await new Promise<void>((resolve) => {
      const stop = (): void => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        resolve();
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
    await dashboard.close();
    return 0;
  },
};
