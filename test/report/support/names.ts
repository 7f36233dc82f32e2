/** Seed names the optimizer report compares with. */
export { OPTIMIZER_BASELINES as REFERENCE_SEED_NAMES } from '../../../src/report/optimizer-views.ts';
