/**
 * A copy of a run directory whose run name, configuration strings and front program carry HTML
 * and script: what a report must show as text, never as markup. `window.__injected` is set if any
 * of it ever runs.
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const HOSTILE = `</script><script>window.__injected=true</script>"'><img src=x onerror="window.__injected=true"><injected-tag data-injected>`;

export function makeHostileCopy(dir: string, target: string): string {
  cpSync(dir, target, { recursive: true });
  const configPath = join(target, 'config.json');
  const config = JSON.parse(readFileSync(configPath, 'utf8')) as Record<string, unknown>;
  config.runId = `run ${HOSTILE}`;
  config.warmStart = HOSTILE;
  config.backendDescription = HOSTILE;
  writeFileSync(configPath, JSON.stringify(config, null, 2));
  const frontPath = join(target, 'front.json');
  const front = JSON.parse(readFileSync(frontPath, 'utf8')) as { entries: { program: string }[] };
  front.entries[0].program = `def f(x):\n  y = x ${HOSTILE}\n  return y\n`;
  writeFileSync(frontPath, JSON.stringify(front, null, 2));
  return target;
}
