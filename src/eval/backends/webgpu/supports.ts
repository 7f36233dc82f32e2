/**
 * Which tasks the webgpu backend scores (the pool routes the others to CPU workers). No Dawn
 * import here: the main process asks this before any GPU process exists.
 */
import type { TaskDefinition } from '../../tasks/types.ts';

export function gpuSupports(task: TaskDefinition): boolean {
  // WGSL has no f64: real-number (f64) function tasks run on the CPU backend.
  if (task.kind === 'function') return task.options.precision === 'f32';
  return false;
}
