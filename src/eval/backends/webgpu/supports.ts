/**
 * Which tasks the webgpu backend scores (the pool routes the others to CPU workers). No Dawn
 * import here: the main process asks this before any GPU process exists.
 */
import type { TaskDefinition } from '../../tasks/types.ts';

export function gpuSupports(task: TaskDefinition): boolean {
  // WGSL has no f64: real-number (f64) function tasks run on the CPU backend.
  // Constant fitting (hundreds of tiny evaluations per child) and validation run in CPU threads.
  if (task.kind === 'function') return task.options.precision === 'f32' && (task.options.fit ?? 'none') === 'none' && task.options.validation === undefined;
  // Optimizer trainings run in f32 on both backends (the WGSL training kernel).
  if (task.kind === 'optimizer') return true;
  return false;
}
