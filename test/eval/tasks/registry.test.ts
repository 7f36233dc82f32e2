import { describe, expect, it } from 'vitest';
import type { FunctionTask } from '../../../src/eval/tasks/function/task.ts';
import { getTask, listTaskIds, listTasks, TaskError } from '../../../src/eval/tasks/registry.ts';
import type { TaskDefinition } from '../../../src/eval/tasks/registry.ts';

describe('task registry', () => {
  it('knows fn:exp2 with its interval, measures and objectives', () => {
    const t = getTask('fn:exp2');
    expect(t).toMatchObject({ id: 'fn:exp2', domain: 'function', interval: [0, 1], objectives: ['maxAbsError', 'cost'] });
    expect((t as FunctionTask).errorMeasures).toEqual(['maxAbsError', 'maxRelError', 'maxUlpError']);
    expect(t.measures).toEqual(expect.arrayContaining(['maxAbsError', 'maxRelError', 'maxUlpError', 'cost', 'interactions']));
    expect(t.objectives.every((o) => t.measures.includes(o))).toBe(true);
  });

  it('names every task id when asked for an unknown one', () => {
    expect(() => getTask('fn:nope')).toThrow(TaskError);
    expect(() => getTask('fn:nope')).toThrow(new RegExp(`unknown task 'fn:nope'; tasks: ${listTaskIds().join(', ')}`));
  });

  it('lists every task once, each rebuildable from its id and options', () => {
    const tasks = listTasks();
    expect(new Set(tasks.map((t) => t.id)).size).toBe(tasks.length);
    // Everything but the search space's functions (cost, polish, warm-start forms: closures made per task).
    const data = ({ searchSpace, ...rest }: TaskDefinition) => ({ ...rest, vocabulary: searchSpace.vocabulary, settings: searchSpace.settings, precision: searchSpace.precision, scoreLabel: searchSpace.scoreLabel });
    for (const t of tasks) expect(data(getTask(t.id, t.options))).toEqual(data(t));
  });

  it('rejects bad function-task options with one clear line', () => {
    expect(getTask('fn:exp2', { precision: 'f64', points: 17 }).options).toEqual({ precision: 'f64', points: 17 });
    expect(() => getTask('fn:exp2', { precision: 'f16' })).toThrow(/precision must be f32 or f64, got 'f16'/);
    expect(() => getTask('fn:exp2', { points: 1 })).toThrow(/points must be an integer from 2/);
    expect(() => getTask('fn:exp2', { colour: 'red' })).toThrow(/unknown option 'colour'/);
  });
});
