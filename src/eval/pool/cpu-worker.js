// Piscina loads worker files with plain Node: register tsx, then hand over the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
const worker = await import('./cpu-worker.ts');
export default worker.default;
