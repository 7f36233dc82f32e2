#!/usr/bin/env node
// Runs the TypeScript CLI through tsx, so `npx symdisc` needs no build step.
import { register } from 'tsx/esm/api';

register();
const { runAsProcess } = await import('../src/cli/main.ts');
await runAsProcess(process.argv.slice(2));
