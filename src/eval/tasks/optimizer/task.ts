/**
 * Optimizer tasks (`opt:*`) for the task registry: which families, how many instances, which
 * sizing. `opt:suite` scores on every search family, `opt:<family>` on one, and
 * `opt:meta-validation` on larger, longer instances of every family including the held-out ones
 * (funnel selection among a run's best programs, never used for search). Scores: fitness.ts.
 * Both take a `families` option (`iris,digits,charlm`): the same task on those families only, for
 * a search or a selection that cares about some of them (real data, say) and not the others.
 * Every optimizer task takes `gainCap` (fitness.ts, step 5): the score counts a family's gain over
 * AdamW up to about that many log units, so that one family cannot carry the mean.
 */
import { TaskError } from '../types.ts';
import type { TaskDefinition, TaskFamily, TaskOptions } from '../types.ts';
import type { Sizing } from './family.ts';
import { OPTIMIZER_SEARCH_SPACE } from './search-space.ts';
import { FAMILIES, SEARCH_FAMILIES } from './families/index.ts';
import { STAGES, stageFamilies, stageInstances } from './stage.ts';
import type { Stage } from './stage.ts';

export interface OptimizerTask extends TaskDefinition {
  readonly kind: 'optimizer';
  readonly domain: 'optimizer';
  /** Family ids, in report order. */
  readonly families: readonly string[];
  readonly sizing: Sizing;
  /** Seed of the instance distributions. */
  readonly seed: number;
  /** Instances per family. */
  readonly instances: number;
  /** The task score's cap on a family's gain (fitness.ts `taskScore`); 0 = the plain mean. */
  readonly gainCap: number;
}

export function isOptimizerTask(t: TaskDefinition): t is OptimizerTask {
  return t.kind === 'optimizer';
}

export const SUITE_ID = 'opt:suite';
export const META_VALIDATION_ID = 'opt:meta-validation';
const DEFAULT_INSTANCES: Readonly<Record<Sizing, number>> = { search: 4, meta: 2 };
const MAX_INSTANCES = 64;
/** Largest gain cap accepted: beyond it the cap changes no score a real rule gets. */
const MAX_GAIN_CAP = 100;

/** Measure names of a result on these families: the score, then per family. */
export function optimizerMeasures(families: readonly string[]): string[] {
  const perFamily = (prefix: string): string[] => families.map((f) => `${prefix}.${f}`);
  // acc.<family>: held-out accuracy, present only for classifier families with a held-out split.
  return ['score', ...perFamily('family'), ...perFamily('lr'), ...perFamily('loss'), ...perFamily('diverged'), ...perFamily('acc'), 'trainings'];
}

/** The `families` option of a suite task: known family ids, comma-separated, each once, in FAMILIES order. */
function chosenFamilies(id: string, value: unknown): string[] {
  const known = FAMILIES.map((f) => f.id);
  if (typeof value !== 'string') throw new TaskError(`task ${id}: families must be family ids, comma-separated (${known.join(', ')})`);
  const named = value.split(',').map((f) => f.trim()).filter((f) => f !== '');
  const unknown = named.find((f) => !known.includes(f));
  if (unknown !== undefined) throw new TaskError(`task ${id}: unknown family '${unknown}' in families (families: ${known.join(', ')})`);
  if (named.length === 0) throw new TaskError(`task ${id}: families is empty (families: ${known.join(', ')})`);
  return known.filter((f) => named.includes(f));
}

function readOptions(id: string, options: TaskOptions, fixedSizing: Sizing | undefined): { seed: number; instances: number; sizing: Sizing; stage: Stage; gainCap: number } {
  const allowed = fixedSizing ? ['seed', 'instances', 'stage', 'families', 'gainCap'] : ['seed', 'instances', 'sizing', 'stage', 'gainCap'];
  for (const key of Object.keys(options)) {
    if (!allowed.includes(key)) throw new TaskError(`task ${id}: unknown option '${key}' (options: ${allowed.join(', ')})`);
  }
  const sizing = fixedSizing ?? options.sizing ?? 'search';
  if (sizing !== 'search' && sizing !== 'meta') throw new TaskError(`task ${id}: sizing must be search or meta, got '${String(sizing)}'`);
  const seed = options.seed ?? 0;
  if (typeof seed !== 'number' || !Number.isInteger(seed) || seed < 0 || seed > 2 ** 31) {
    throw new TaskError(`task ${id}: seed must be an integer from 0 to ${2 ** 31}, got '${String(seed)}'`);
  }
  const instances = options.instances ?? DEFAULT_INSTANCES[sizing];
  if (typeof instances !== 'number' || !Number.isInteger(instances) || instances < 1 || instances > MAX_INSTANCES) {
    throw new TaskError(`task ${id}: instances must be an integer from 1 to ${MAX_INSTANCES}, got '${String(instances)}'`);
  }
  const stage = options.stage ?? 'full';
  if (!(STAGES as readonly unknown[]).includes(stage)) throw new TaskError(`task ${id}: stage must be ${STAGES.join(' or ')}, got '${String(stage)}'`);
  const gainCap = options.gainCap ?? 0;
  if (typeof gainCap !== 'number' || !Number.isFinite(gainCap) || gainCap < 0 || gainCap > MAX_GAIN_CAP) {
    throw new TaskError(`task ${id}: gainCap must be a number from 0 (off) to ${MAX_GAIN_CAP}, got '${String(gainCap)}'`);
  }
  return { seed, instances, sizing, stage: stage as Stage, gainCap };
}

/** The task with this id (`opt:suite`, `opt:meta-validation`, `opt:<family>`), or undefined. */
export function optimizerTask(id: string, options: TaskOptions = {}): OptimizerTask | undefined {
  let families: string[];
  let description: string;
  let fixedSizing: Sizing | undefined;
  if (id === SUITE_ID) {
    families = SEARCH_FAMILIES.map((f) => f.id);
    description = `optimizer proxy suite (${families.join(', ')}), score = mean log loss ratio to tuned AdamW`;
    fixedSizing = 'search';
  } else if (id === META_VALIDATION_ID) {
    families = FAMILIES.map((f) => f.id);
    description = `larger, longer instances of every optimizer family, incl. held-out ${FAMILIES.filter((f) => f.heldOut).map((f) => f.id).join(', ')}; for funnel selection`;
    fixedSizing = 'meta';
  } else {
    const family = FAMILIES.find((f) => `opt:${f.id}` === id);
    if (!family) return undefined;
    families = [family.id];
    description = family.description;
  }
  const { seed, instances: fullInstances, sizing, stage, gainCap } = readOptions(id, options, fixedSizing);
  const taskOptions: Record<string, string | number> = fixedSizing ? { seed, instances: fullInstances } : { seed, instances: fullInstances, sizing };
  if (options.families !== undefined) {
    families = chosenFamilies(id, options.families);
    taskOptions.families = families.join(',');
    description = `${id} on ${families.join(', ')} only (${sizing} sizing), score = mean log loss ratio to tuned AdamW`;
  }
  if (gainCap > 0) {
    taskOptions.gainCap = gainCap;
    description = `${description}; family gains capped at ${gainCap}`;
  }
  // A hurdle stage (stage.ts): fewer families and instances, for the first stage of a search.
  const instances = stageInstances(stage, fullInstances);
  if (stage !== 'full') {
    families = stageFamilies(stage, families);
    description = `${stage} stage of ${id}: ${families.join(', ')}, ${instances} instances each`;
    taskOptions.stage = stage;
  }
  return Object.freeze({
    id,
    kind: 'optimizer',
    domain: 'optimizer',
    description,
    objectives: Object.freeze(['score']),
    measures: Object.freeze(optimizerMeasures(families)),
    searchSpace: OPTIMIZER_SEARCH_SPACE,
    options: Object.freeze(taskOptions),
    families: Object.freeze(families),
    sizing,
    seed,
    instances,
    gainCap,
  });
}

export const optimizerTaskFamily: TaskFamily = {
  prefix: 'opt:',
  ids: () => [SUITE_ID, ...FAMILIES.map((f) => `opt:${f.id}`), META_VALIDATION_ID],
  get: (id, options) => optimizerTask(id, options),
};
