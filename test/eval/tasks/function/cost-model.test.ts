import { describe, expect, it } from 'vitest';
import { parseProgram } from '../../../../src/dsl/parse.ts';
import { costModel, criticalPath, latencyCost, opLatencyTable } from '../../../../src/eval/tasks/function/cost-model.ts';
import type { OpLatencyTable } from '../../../../src/eval/tasks/function/cost-model.ts';
import { getTask } from '../../../../src/eval/tasks/registry.ts';

// Four dependent adds, and five adds of which at most three are on any chain.
const CHAIN = parseProgram('def f(x):\n  y = x + 1\n  y = y + 2\n  y = y + 3\n  y = y + 4\n  return y\n');
const PARALLEL = parseProgram('def f(x):\n  a = x + 1\n  b = x + 2\n  c = x + 3\n  d = a + b\n  y = d + c\n  return y\n');
const TABLE: OpLatencyTable = { machine: 'test', gcc: 'test', date: 'test', f32: { add: 1, mul: 1, div: 4, sqrt: 5 }, f64: { add: 2, mul: 2, div: 10, sqrt: 12 } };

describe('latency cost model', () => {
  it('weighs the critical path, not the op count: a parallel program with more ops costs less than a chain', () => {
    expect(costModel('interactions').cost(PARALLEL)).toBeGreaterThan(costModel('interactions').cost(CHAIN));
    expect(latencyCost(CHAIN, 'f32', TABLE)).toBe(4);
    expect(latencyCost(PARALLEL, 'f32', TABLE)).toBe(3);
    // With the measured table too (whatever the machine measured, adds of one precision weigh the same).
    expect(costModel('latency', 'f32').cost(PARALLEL)).toBeLessThan(costModel('latency', 'f32').cost(CHAIN));
  });

  it('counts ops that depend on x only, dead code not at all, in units of one add of the precision', () => {
    const p = parseProgram('def f(x):\n  k = 2 * 3\n  k = sqrt(k)\n  dead = x / 3\n  y = x / k\n  y = y + 1\n  return y\n');
    expect(criticalPath(p, (op) => TABLE.f32[op] ?? 0)).toBe(5);
    expect(latencyCost(p, 'f32', TABLE)).toBe(5);
    expect(latencyCost(p, 'f64', TABLE)).toBe(6);
  });

  it('a task with cost latency scores the costs of its precision; the table documents where it was measured', () => {
    const table = opLatencyTable();
    expect(table.gcc).toMatch(/gcc/);
    expect(table.f32.add).toBeGreaterThan(0);
    const t32 = getTask('fn:exp2', { precision: 'f32', cost: 'latency' });
    expect(t32.options.cost).toBe('latency');
    expect(() => getTask('fn:exp2', { cost: 'cycles' })).toThrow("cost must be one of interactions, ops, weights:FILE, latency, got 'cycles'");
  });
});
