import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OPS } from '../../src/dsl/ops/table.ts';
import { opsMarkdownTable, README_PATH, withOpsTable } from '../../src/dsl/ops-markdown.ts';

describe('the README ops table', () => {
  it('has one row per op with its operand count, cost and doc', () => {
    const rows = opsMarkdownTable().split('\n').slice(2);
    expect(rows).toHaveLength(OPS.length);
    for (const op of OPS) {
      const row = rows.find((r) => r.includes(`\`${op.name}\``));
      expect(row, op.name).toBeDefined();
      expect(row).toContain(`| ${op.cost} |`);
      expect(row).toContain(op.doc.replaceAll('|', '\\|'));
    }
  });

  it('is up to date in README.md (run `npm run ops-table` after changing an op)', () => {
    const readme = readFileSync(README_PATH, 'utf8');
    expect(withOpsTable(readme)).toBe(readme);
  });
});
