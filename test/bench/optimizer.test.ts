/** The optimizer-training benchmark (bench/optimizer.ts) on the cpu backend: what it writes and prints. */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { optimizerTable, runOptimizerBench } from '../../bench/optimizer.ts';

describe('optimizer bench', () => {
  it('measures trainings and parameter updates per second, writes the JSON and prints the table', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'symdisc-bench-')), 'optimizer.json');
    const lines: string[] = [];
    const report = await runOptimizerBench({ backends: ['cpu'], quick: true, out }, (l) => lines.push(l));
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual(JSON.parse(JSON.stringify(report)));
    const cpu = report.cpuTrainer!;
    // opt:suite: 9 families x 4 instances x 5 grid lrs per candidate.
    expect(cpu.trainings).toBe(180);
    expect(cpu.parameterUpdates).toBeGreaterThan(cpu.trainings * 100);
    expect(cpu.trainingsPerSecond).toBeCloseTo(cpu.trainings / cpu.seconds, 6);
    expect(cpu.parameterUpdatesPerSecond).toBeCloseTo(cpu.parameterUpdates / cpu.seconds, 3);
    expect(report.gpuTrainer).toBeUndefined();
    expect(report.pool).toHaveLength(1);
    expect(report.pool[0]).toMatchObject({ backend: 'cpu', candidates: 24, trainings: 24 * 180 });
    expect(report.pool[0].candidatesPerSecond).toBeGreaterThan(0);
    const table = optimizerTable(report);
    expect(lines.join('\n')).toContain(table.join('\n'));
    expect(table[0]).toMatch(/^optimizer training on opt:suite +trainings\/s +param-updates\/s +candidates\/s$/);
    expect(table[1]).toMatch(/^cpu trainer, 1 thread \(AdamW\) +[\d.]+k? +[\d.]+[kM]? +[\d.]+$/);
    expect(table[2]).toMatch(/^cpu pool, 24 programs +[\d.]+k? +– +[\d.]+$/);
  }, 300_000);
});
