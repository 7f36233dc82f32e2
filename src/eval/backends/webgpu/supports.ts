/**
 * Which tasks the webgpu backend scores (the pool routes the others to CPU workers): each task
 * kind declares it (tasks/types.ts TaskKind.gpu). No Dawn import here: the main process asks this
 * before any GPU process exists.
 */
export { gpuSupports } from '../../tasks/registry.ts';
