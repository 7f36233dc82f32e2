/** The real search spaces of the two task kinds, for engine tests with toy tasks (op-count cost). */
import type { Domain } from '../../../src/dsl/signature.ts';
import { programCost } from '../../../src/eval/program-cost.ts';
import { functionSearchSpace } from '../../../src/eval/tasks/function/search-space.ts';
import { OPTIMIZER_SEARCH_SPACE } from '../../../src/eval/tasks/optimizer/search-space.ts';
import type { SearchSpace } from '../../../src/evolve/search-space.ts';
import type { SearchSettings } from '../../../src/evolve/settings.ts';
import { makeVocabulary } from '../../../src/evolve/vocabulary.ts';
import type { Vocabulary } from '../../../src/evolve/vocabulary.ts';

const FUNCTION_SPACE = functionSearchSpace((p) => programCost(p).cost, 'f64');

export function spaceFor(domain: Domain): SearchSpace {
  return domain === 'optimizer' ? OPTIMIZER_SEARCH_SPACE : FUNCTION_SPACE;
}

export function vocabularyFor(domain: Domain): Vocabulary {
  return makeVocabulary(spaceFor(domain).vocabulary);
}

export function defaultSettings(domain: Domain): SearchSettings {
  return spaceFor(domain).settings;
}
