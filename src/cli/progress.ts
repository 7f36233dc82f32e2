/**
 * The live display of a search. On a terminal: a progress bar and the current front, redrawn in
 * place (log-update) a few times a second at most. Otherwise: one plain line per interval, fit for
 * a log file. Disabled: nothing until the summary.
 */
import { createLogUpdate } from 'log-update';
import type { SearchProgress } from '../evolve/run.ts';
import { liveBlock, logLine } from './progress-format.ts';

export interface ProgressDisplay {
  update(progress: SearchProgress): void;
  /** A line that stays (above the live block on a terminal). */
  message(line: string): void;
  /** Leaves the last state on screen and stops redrawing. */
  done(): void;
}

export interface DisplayOptions {
  readonly enabled: boolean;
  readonly stream?: NodeJS.WriteStream;
  /** Milliseconds between plain log lines (not a terminal); default 10 s. */
  readonly logIntervalMs?: number;
}

const REDRAW_MS = 250;

export function createProgressDisplay(options: DisplayOptions): ProgressDisplay {
  const stream = options.stream ?? process.stdout;
  if (!options.enabled) {
    return { update() {}, message: (line) => void stream.write(`${line}\n`), done() {} };
  }
  if (stream.isTTY) {
    const log = createLogUpdate(stream);
    let last = 0;
    let latest: SearchProgress | undefined;
    const draw = (): void => {
      if (latest) log(liveBlock(latest, Math.max(40, (stream.columns ?? 120) - 1)));
      last = Date.now();
    };
    return {
      update(p) {
        latest = p;
        if (Date.now() - last >= REDRAW_MS) draw();
      },
      message(line) {
        log.persist(line);
      },
      done() {
        draw();
        log.done();
      },
    };
  }
  const interval = options.logIntervalMs ?? 10_000;
  let last = 0;
  let latest: SearchProgress | undefined;
  return {
    update(p) {
      latest = p;
      if (Date.now() - last >= interval) {
        stream.write(`${logLine(p)}\n`);
        last = Date.now();
      }
    },
    message(line) {
      stream.write(`${line}\n`);
    },
    done() {
      if (latest && last !== 0) stream.write(`${logLine(latest)}\n`);
    },
  };
}
