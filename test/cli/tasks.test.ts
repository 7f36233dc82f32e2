/** `symdisc tasks`: a table that fits a terminal, and everything as JSON. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { taskLines, wrap } from '../../src/cli/tasks.ts';
import { listTasks } from '../../src/eval/tasks/registry.ts';
import { symdiscAsync } from '../support/cli.ts';
import type { CliOutcome } from '../support/cli.ts';

const symdisc = (...args: string[]): Promise<CliOutcome> => symdiscAsync(args, 60_000);

describe('symdisc tasks', () => {
  it('fits every line into an 80 or 100 column terminal, with every task and its objectives', () => {
    const tasks = listTasks();
    for (const width of [80, 100]) {
      const lines = taskLines(tasks, width);
      for (const l of lines) expect(l.length, l).toBeLessThanOrEqual(width);
      for (const t of tasks) expect(lines.some((l) => l.startsWith(`${t.id} `) && l.endsWith(t.objectives.join(', ')))).toBe(true);
    }
    expect(taskLines(tasks, 300).every((l) => l.length <= 100)).toBe(true);
  });

  it('wraps descriptions at word boundaries without losing a word', () => {
    const text = 'optimizer proxy suite (quadratic, rosenbrock, logistic, mlp), score = mean log loss ratio to tuned AdamW';
    const lines = wrap(text, 30);
    expect(lines.every((l) => l.length <= 30)).toBe(true);
    expect(lines.join(' ')).toBe(text);
    expect(wrap('averyveryverylongword x', 5)).toEqual(['averyveryverylongword', 'x']);
  });

  it('prints the table, everything as --json, and rejects unknown flags', async () => {
    const { code, stdout } = await symdisc('tasks');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^task +domain +objectives \(first = score\)$/m);
    expect(stdout).toMatch(/^fn:exp2 +function +maxAbsError, cost$/m);
    const json = JSON.parse((await symdisc('tasks', '--json')).stdout);
    const exp2 = json.find((t: { id: string }) => t.id === 'fn:exp2');
    expect(exp2).toMatchObject({ interval: [0, 1], objectives: ['maxAbsError', 'cost'], errorMeasures: ['maxAbsError', 'maxRelError', 'maxUlpError'] });
    expect(exp2.searchSpace.vocabulary.ops).toContain('fma');
    expect(exp2.searchSpace.settings.strategy).toBe('nsga2');
    expect(json.find((t: { id: string }) => t.id === 'opt:suite').searchSpace.warmStart.seeds).toEqual(['adamw']);
    expect((await symdisc('tasks', '--colour')).code).toBe(2);
  });
});
