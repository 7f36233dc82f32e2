// Entry of a GPU child process (plain Node): register tsx, then run the TypeScript child.
import { register } from 'tsx/esm/api';

register();
await import('./gpu-child.ts');
