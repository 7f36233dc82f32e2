import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exportProgram } from '../../../src/dsl/emit/index.ts';
import { interpret } from '../../../src/dsl/interpret.ts';
import type { Precision } from '../../../src/dsl/ops/table.ts';
import type { Program } from '../../../src/dsl/program.ts';
import { arbitraryProgram } from '../../support/arbitrary.ts';
import { ADAMW, allOpsFunction, allOpsOptimizer, FUNCTION_POINTS, gradients, LION_SEARCH, SMALL_FUNCTION, SMALL_OPTIMIZER } from './support/programs.ts';
import { expectClose, functionReference, optimizerReference } from './support/reference.ts';
import { PROJECT_ROOT, parseNamedNumbers, parseNumbers, runTypeScript } from './support/run-export.ts';

const strings = (xs: readonly number[]): string => JSON.stringify(xs.map(String));

function runFunction(p: Program, precision: Precision, xs: readonly number[]): number[] {
  const code = exportProgram(p, 'ts', { precision });
  const driver = `import { f } from './export.ts';\nconst xs: number[] = ${strings(xs)}.map(Number);\nconsole.log(JSON.stringify(xs.map((x) => String(f(x)))));\n`;
  return parseNumbers(runTypeScript({ 'export.ts': code, 'driver.ts': driver }, 'driver.ts'));
}

const RUN = { w0: [0.5, -0.25, 1.5, -2, 0.125, 3], grads: gradients(5, 6), lr: 0.1 };

function runOptimizer(p: Program, precision: Precision): Record<string, number[]> {
  const code = exportProgram(p, 'ts', { precision });
  const driver = [
    "import { DiscoveredOptimizer } from './export.ts';",
    `const opt = new DiscoveredOptimizer(${RUN.w0.length}, ${RUN.lr});`,
    `const w = Float32Array.from(${strings(RUN.w0)}.map(Number));`,
    `for (const g of ${JSON.stringify(RUN.grads)}) opt.step(w, Float32Array.from(g));`,
    'const s = (a: Float32Array) => Array.from(a, String);',
    'console.log(JSON.stringify({ w: s(w), m: s(opt.m), v: s(opt.v), t: [String(opt.t)] }));',
  ].join('\n');
  return parseNamedNumbers(runTypeScript({ 'export.ts': code, 'driver.ts': driver }, 'driver.ts'));
}

describe('TypeScript export, run by node', () => {
  it.each(['f64', 'f32'] as const)('a function using every op agrees with the interpreter bit for bit (%s)', (precision) => {
    const p = allOpsFunction();
    expect(runFunction(p, precision, FUNCTION_POINTS)).toEqual(functionReference(p, FUNCTION_POINTS, precision));
  });

  it.each([
    ['AdamW', ADAMW],
    ['the Lion search program', LION_SEARCH],
    ['every op', allOpsOptimizer()],
  ] as const)('an optimizer class steps Float32Array parameters as the interpreter does: %s', (_name, p) => {
    for (const precision of ['f64', 'f32'] as const) {
      const out = runOptimizer(p, precision);
      const ref = optimizerReference(p, RUN, precision, 'f32');
      expectClose(out.w, ref.w, 0, `${precision} w`);
      expectClose(out.m, ref.m, 0, `${precision} m`);
      expectClose(out.v, ref.v, 0, `${precision} v`);
      expect(out.t).toEqual([RUN.grads.length]);
    }
  });

  it('generated programs: the f64 export of each agrees with the interpreter bit for bit', () => {
    const programs = fc.sample(arbitraryProgram('function', { maxStatements: 8 }), { numRuns: 60, seed: 7 });
    const xs = [0.3, -1.7, 2.5, 0, 1e-3];
    const modules = programs.map((p, i) => exportProgram(p, 'ts', { name: `f${i}` }).replace(/^\/\/.*$/gm, ''));
    // Helpers may repeat across modules: one module per program, imported by one driver.
    const files: Record<string, string> = {};
    modules.forEach((m, i) => {
      files[`p${i}.ts`] = m;
    });
    files['driver.ts'] = [
      ...programs.map((_, i) => `import { f${i} } from './p${i}.ts';`),
      `const fs = [${programs.map((_, i) => `f${i}`).join(', ')}];`,
      `const xs = ${strings(xs)}.map(Number);`,
      'console.log(JSON.stringify(fs.flatMap((f) => xs.map((x) => String(f(x))))));',
    ].join('\n');
    const got = parseNumbers(runTypeScript(files, 'driver.ts'));
    const want = programs.flatMap((p) => xs.map((x) => interpret(p, { x }, 'f64')[0]));
    got.forEach((g, i) => expect(Object.is(g, want[i]) || g === want[i], `program ${Math.floor(i / xs.length)} at x=${xs[i % xs.length]}: ${g} vs ${want[i]}`).toBe(true));
  });

  it('type-checks under strict TypeScript', () => {
    const dir = mkdtempSync(join(tmpdir(), 'symdisc-tsc-'));
    try {
      writeFileSync(join(dir, 'fn.ts'), exportProgram(allOpsFunction(), 'ts', { precision: 'f32' }));
      writeFileSync(join(dir, 'opt.ts'), exportProgram(LION_SEARCH, 'ts'));
      const tsc = join(PROJECT_ROOT, 'node_modules', '.bin', 'tsc');
      const r = spawnSync(tsc, ['--noEmit', '--strict', '--noUnusedLocals', '--target', 'es2022', '--module', 'nodenext', join(dir, 'fn.ts'), join(dir, 'opt.ts')], { encoding: 'utf8', cwd: dir });
      expect(r.stdout + r.stderr).toBe('');
      expect(r.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('inline snapshot: a small function', () => {
    expect(exportProgram(SMALL_FUNCTION, 'ts')).toMatchInlineSnapshot(`
      "// Generated by symdisc (double arithmetic) from:
      //   def f(x):
      //     a = x * -0.5
      //     b = exp2(a)
      //     y = fma(b, x, 0.25)
      //     return y

      export function f(x: number): number {
        const a = (x * (-0.5));
        const b = Math.pow(2, a);
        const y = (b * x + 0.25);
        return y;
      }
      "
    `);
  });

  it('inline snapshot: a small optimizer (f32)', () => {
    expect(exportProgram(SMALL_OPTIMIZER, 'ts', { precision: 'f32' })).toMatchInlineSnapshot(`
      "// Generated by symdisc (float32 arithmetic: every value rounded with Math.fround) from:
      //   def train(w, g, m, v, lr):
      //     m = interp(g, m, 0.9)
      //     b = power(0.9, t)
      //     b = 1 - b
      //     update = m / b
      //     update = update * lr
      //     return update, m, v

      /**
       * The discovered optimizer: each step computes \`update, m, v\` for every parameter from
       * (w, g, m, v, lr) and the step number t (1 on the first step), then w <- w - update; m and v
       * start at 0 and persist between steps.
       */
      export class DiscoveredOptimizer {
        readonly m: Float32Array;
        readonly v: Float32Array;
        /** Steps taken so far. */
        t = 0;
        lr: number;

        constructor(size: number, lr: number) {
          this.m = new Float32Array(size);
          this.v = new Float32Array(size);
          this.lr = lr;
        }

        /** One step: updates \`params\` in place from \`grads\`. */
        step(params: Float32Array, grads: Float32Array): void {
          const n = params.length;
          if (grads.length !== n || this.m.length !== n) throw new RangeError(\`DiscoveredOptimizer.step: \${n} params, \${grads.length} grads, state for \${this.m.length}\`);
          this.t += 1;
          const mState = this.m;
          const vState = this.v;
          const lrIn = Math.fround(this.lr);
          const tIn = Math.fround(this.t);
          for (let i = 0; i < n; i++) {
            const g = grads[i];
            let m = mState[i];
            const v = vState[i];
            const lr = lrIn;
            const t = tIn;
            m = Math.fround(((1 - Math.fround(0.9)) * g + Math.fround(0.9) * m));
            let b = Math.fround(Math.pow(Math.abs(Math.fround(0.9)), t));
            b = Math.fround((Math.fround(1) - b));
            let update = Math.fround((b === 0 ? 0 : m / b));
            update = Math.fround((update * lr));
            params[i] = params[i] - update;
            mState[i] = m;
            vState[i] = v;
          }
        }
      }
      "
    `);
  });
});
