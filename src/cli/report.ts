/**
 * `symdisc report DIR [--out FILE]`: writes a self-contained HTML report of a run (plots of the
 * score over evaluations, the front against baselines, error or training curves, the lineage of
 * the best program, raw vs simplified program, configuration). Works on a run still going or killed.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { JournalCorruptError } from '../run/journal-entry.ts';
import { CONFIG_FILE, RunDirectoryError } from '../run/run-config.ts';
import { writeReport } from '../report/report.ts';
import type { Command } from './command.ts';
import { parseFlags } from './search-options.ts';
import { loadRunTaskModule, loadTaskModuleFlag, TASK_MODULE_FLAG } from './task-module-flag.ts';
import { UsageError } from './usage-error.ts';

const usage = `Usage: symdisc report DIR [--out FILE] [--task-module F]

Writes an HTML report of the run in DIR to FILE (default DIR/report.html): one file with its
plots inlined, which opens in a browser without a network. Works on a run that is still going
(it reads what is on disk) and on one that was killed. --task-module F loads the task kinds
of file F first (a run of a --task-module task).`;

export const command: Command = {
  name: 'report',
  summary: 'write a self-contained HTML report (plots) of a run directory',
  usage,
  async run(argv) {
    const { values, positional } = parseFlags('report', argv, { out: { accepts: 'a file path' }, ...TASK_MODULE_FLAG });
    await loadTaskModuleFlag('report', values);
    if (positional.length === 1) await loadRunTaskModule(positional[0]);
    if (positional.length !== 1) throw new UsageError(`report: expected one run directory, got ${positional.length}; usage: symdisc report DIR [--out FILE] [--task-module F]`);
    const dir = positional[0];
    if (!existsSync(join(dir, CONFIG_FILE))) throw new UsageError(`report: ${dir} is not a run directory (no ${CONFIG_FILE})`);
    const out = values.get('out') ?? join(dir, 'report.html');
    try {
      const written = writeReport(dir, out);
      process.stdout.write(`report: wrote ${written.path} (${Math.round(written.bytes / 1024)} KiB)\n`);
    } catch (error) {
      if (error instanceof RunDirectoryError || error instanceof JournalCorruptError) throw new UsageError(`report: ${error.message}`);
      throw error;
    }
    return 0;
  },
};
