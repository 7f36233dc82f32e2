/**
 * Do the optimizer families discriminate, and do the search proxies predict? Scores a few hundred
 * mutants of AdamW (made by the search's own mutation operators with the optimizer vocabulary,
 * 1-3 mutations deep, one per behaviour) and the baselines' variants on every family, at search
 * sizing and (a prefix of them) at meta sizing, and reports per family and sizing:
 *   - the spread of family scores: std, IQR, distinct values, the fraction at the loss floor (every
 *     training at the best lr floored), at the ceiling (every training diverged), and the fraction
 *     scoring the same as the AdamW seed;
 *   - the Spearman rank correlation between a program's search-sizing and meta-sizing scores, per
 *     family and for the opt:suite score against the meta-validation score;
 *   - seconds per candidate (one core), which sizes the hurdle stage (src/evolve/hurdle.ts).
 * Writes results/bench/opt-families.json (runs kept by --label, so a before/after pair sits side
 * by side) and prints the table.
 *
 *   npx tsx bench/opt-families.ts [--mutants 300] [--meta 100] [--seed 1] [--families a,b] [--label current] [--out FILE]
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileProgram } from '../src/dsl/compile.ts';
import type { CompiledProgram } from '../src/dsl/compile.ts';
import { fingerprint } from '../src/dsl/fingerprint.ts';
import { printProgram } from '../src/dsl/print.ts';
import type { Program } from '../src/dsl/program.ts';
import { loadSeed } from '../src/dsl/seeds/index.ts';
import { adamwBaseline, baselineVariants } from '../src/eval/tasks/optimizer/baselines.ts';
import type { Sizing } from '../src/eval/tasks/optimizer/family.ts';
import { FAMILIES } from '../src/eval/tasks/optimizer/families/index.ts';
import type { FamilyScore } from '../src/eval/tasks/optimizer/fitness.ts';
import { BASELINE_SEEDS, scoreRule } from '../src/eval/tasks/optimizer/score.ts';
import { optimizerTask } from '../src/eval/tasks/optimizer/task.ts';
import { mutate } from '../src/evolve/mutate/index.ts';
import { Rng } from '../src/evolve/rng.ts';
import { OPTIMIZER_SEARCH_SPACE } from '../src/eval/tasks/optimizer/search-space.ts';
import { makeVocabulary } from '../src/evolve/vocabulary.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DEFAULT_OUT = resolve(ROOT, 'results/bench/opt-families.json');

export interface SpreadStats {
  readonly n: number;
  readonly std: number;
  readonly iqr: number;
  readonly min: number;
  readonly median: number;
  readonly max: number;
  readonly distinct: number;
  /** Every training at the best lr at the family's loss floor. */
  readonly fractionAtFloor: number;
  /** Every training diverged (the worst score). */
  readonly fractionAtCeiling: number;
  /** The same family score as the AdamW seed (to 1e-9). */
  readonly fractionSameAsAdamw: number;
  /** Seconds per candidate on one core. */
  readonly secondsPerCandidate: number;
}

export interface FamilyReport {
  readonly family: string;
  readonly heldOut: boolean;
  readonly search: SpreadStats;
  readonly meta: SpreadStats;
  /** Spearman ρ of search-sizing vs meta-sizing family scores over the programs scored at both. */
  readonly spearman: number;
}

/** Ranks with ties averaged (1-based). */
export function ranks(xs: readonly number[]): number[] {
  const order = xs.map((x, i) => [x, i] as const).sort((a, b) => a[0] - b[0]);
  const r = new Array<number>(xs.length);
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && order[j + 1][0] === order[i][0]) j++;
    for (let k = i; k <= j; k++) r[order[k][1]] = (i + j) / 2 + 1;
    i = j + 1;
  }
  return r;
}

/** Spearman's ρ: the Pearson correlation of the tie-averaged ranks (NaN when either side is constant). */
export function spearman(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length) throw new Error('spearman: lengths differ');
  const ra = ranks(a);
  const rb = ranks(b);
  const n = a.length;
  const ma = ra.reduce((s, x) => s + x, 0) / n;
  const mb = rb.reduce((s, x) => s + x, 0) / n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (ra[i] - ma) * (rb[i] - mb);
    saa += (ra[i] - ma) ** 2;
    sbb += (rb[i] - mb) ** 2;
  }
  return saa === 0 || sbb === 0 ? NaN : sab / Math.sqrt(saa * sbb);
}

function quantile(sorted: readonly number[], q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

function spread(scores: readonly FamilyScore[], adamw: number, floor: number, seconds: number): SpreadStats {
  const xs = scores.map((s) => s.score);
  const sorted = [...xs].sort((a, b) => a - b);
  const n = xs.length;
  const mean = xs.reduce((s, x) => s + x, 0) / n;
  const frac = (p: (s: FamilyScore) => boolean): number => scores.filter(p).length / n;
  return {
    n,
    std: Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / n),
    iqr: quantile(sorted, 0.75) - quantile(sorted, 0.25),
    min: sorted[0],
    median: quantile(sorted, 0.5),
    max: sorted[n - 1],
    distinct: new Set(xs.map((x) => x.toPrecision(9))).size,
    fractionAtFloor: frac((s) => s.geoMeanLoss <= floor * (1 + 1e-9)),
    fractionAtCeiling: frac((s) => s.score >= s.worst - 1e-9),
    fractionSameAsAdamw: frac((s) => Math.abs(s.score - adamw) <= 1e-9),
    secondsPerCandidate: seconds / n,
  };
}

/** `count` distinct AdamW mutants (1-3 mutations deep), deterministic from `seed`. */
export function adamwMutants(count: number, seed: number): Program[] {
  const vocab = makeVocabulary(OPTIMIZER_SEARCH_SPACE.vocabulary);
  const rng = Rng.fromSeed(`opt-families:${seed}`);
  const adamw = loadSeed('adamw');
  const seen = new Set([fingerprint(adamw)]);
  const out: Program[] = [];
  const retries = { invalid: 0, identical: 0 };
  for (let attempts = 0; out.length < count && attempts < count * 20; attempts++) {
    let p = adamw;
    const depth = 1 + rng.int(3);
    for (let d = 0; d < depth; d++) p = mutate(p, rng, vocab, retries).program;
    const f = fingerprint(p);
    if (seen.has(f)) continue;
    seen.add(f);
    out.push(p);
  }
  return out;
}

interface Candidate {
  readonly label: string;
  readonly text: string;
  readonly rule: CompiledProgram;
}

function familyScores(candidates: readonly Candidate[], family: string, sizing: Sizing): { scores: FamilyScore[]; seconds: number } {
  const task = optimizerTask(`opt:${family}`, { sizing });
  if (!task) throw new Error(`no task opt:${family}`);
  adamwBaseline(family, task.seed, task.instances, sizing); // tuned once per task, not per candidate: kept out of the timing
  const t0 = performance.now();
  const scores = candidates.map((c) => scoreRule(c.rule, task).families[family]);
  return { scores, seconds: (performance.now() - t0) / 1000 };
}

function flag(argv: readonly string[], name: string, fallback: string): string {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1] : fallback;
}

export function main(argv: readonly string[]): void {
  const mutantCount = Number(flag(argv, 'mutants', '300'));
  const metaCount = Number(flag(argv, 'meta', '100'));
  const seed = Number(flag(argv, 'seed', '1'));
  const label = flag(argv, 'label', 'current');
  const out = resolve(flag(argv, 'out', DEFAULT_OUT));
  const only = flag(argv, 'families', '');
  const families = only === '' ? FAMILIES : FAMILIES.filter((f) => only.split(',').includes(f.id));
  const started = performance.now();

  // Baseline variants first (the seeds at every weight decay), then the mutants.
  const programs: { label: string; program: Program }[] = [
    ...BASELINE_SEEDS.flatMap((name) => baselineVariants(name).map((v) => ({ label: v.weightDecay === undefined ? name : `${name}[wd=${v.weightDecay}]`, program: v.program }))),
    ...adamwMutants(mutantCount, seed).map((program, i) => ({ label: `mutant ${i}`, program })),
  ];
  const candidates: Candidate[] = [];
  for (const p of programs) {
    try {
      candidates.push({ label: p.label, text: printProgram(p.program), rule: compileProgram(p.program, 'f32') });
    } catch {
      // A mutant the compiler rejects is not scored (the search would mark it invalid).
    }
  }
  const adamwIndex = candidates.findIndex((c) => c.label === 'adamw[wd=0.01]');
  const metaCandidates = candidates.slice(0, Math.min(candidates.length, metaCount));
  process.stderr.write(`opt-families: ${candidates.length} programs at search sizing, ${metaCandidates.length} at meta sizing, ${families.length} families\n`);

  const reports: FamilyReport[] = [];
  // Written after every family, so a long run that is stopped keeps what it measured.
  const write = (): { seconds: number; suiteVsMetaValidation: number } => {
    const run = {
      date: new Date().toISOString(),
      command: `npx tsx bench/opt-families.ts ${argv.join(' ')}`.trim(),
      machine: { cpus: cpus()[0]?.model ?? 'unknown', parallelism: availableParallelism(), node: process.version },
      seed,
      programs: candidates.length,
      metaPrograms: metaCandidates.length,
      seconds: (performance.now() - started) / 1000,
      families: reports,
      /** Spearman ρ of the opt:suite score vs the opt:meta-validation score (programs scored at both). */
      suiteVsMetaValidation: families.length === FAMILIES.length && reports.length === FAMILIES.length ? spearman(Array.from(searchTotals, (x) => x / searchFamilies), Array.from(metaTotals, (x) => x / FAMILIES.length)) : NaN,
      /** Every program's family scores (meta: the first metaPrograms programs), for further analysis. */
      labels: candidates.map((c) => c.label),
      scores: raw,
    };
    const existing = existsSync(out) ? (JSON.parse(readFileSync(out, 'utf8')) as { runs?: Record<string, unknown> }) : {};
    // Other top-level fields (a note on the machine's load) and the other runs are kept as they are.
    const report = { ...existing, benchmark: 'opt-families', runs: { ...(existing.runs ?? {}), [label]: run } };
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, `${JSON.stringify(report, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v), 1)}`);

    return run;
  };
  const raw: Record<string, { search: number[]; meta: number[] }> = {};
  const searchTotals = new Float64Array(metaCandidates.length);
  const metaTotals = new Float64Array(metaCandidates.length);
  let searchFamilies = 0;
  for (const family of families) {
    const s = familyScores(candidates, family.id, 'search');
    const m = familyScores(metaCandidates, family.id, 'meta');
    const rho = spearman(s.scores.slice(0, metaCandidates.length).map((x) => x.score), m.scores.map((x) => x.score));
    for (let i = 0; i < metaCandidates.length; i++) {
      if (!family.heldOut) searchTotals[i] += s.scores[i].score;
      metaTotals[i] += m.scores[i].score;
    }
    if (!family.heldOut) searchFamilies++;
    raw[family.id] = { search: s.scores.map((x) => x.score), meta: m.scores.map((x) => x.score) };
    const adamwMeta = adamwIndex >= 0 && adamwIndex < metaCandidates.length ? m.scores[adamwIndex].score : NaN;
    reports.push({
      family: family.id,
      heldOut: family.heldOut,
      search: spread(s.scores, s.scores[adamwIndex]?.score ?? NaN, family.lossFloor, s.seconds),
      meta: spread(m.scores, adamwMeta, family.lossFloor, m.seconds),
      spearman: rho,
    });
    write();
    process.stderr.write(`  ${family.id}: search ${s.seconds.toFixed(1)} s, meta ${m.seconds.toFixed(1)} s, ρ = ${rho.toFixed(3)}\n`);
  }
  // Over all families only: a subset's mean is not the opt:suite / meta-validation score.
  const run = write();
  const suiteVsMeta = run.suiteVsMetaValidation;

  const f3 = (x: number): string => (Number.isFinite(x) ? x.toFixed(3) : String(x));
  const pct = (x: number): string => `${Math.round(x * 100)}%`;
  const header = 'family      sizing  n    std    IQR    median  distinct floor ceil  =AdamW  s/cand  ρ(search,meta)';
  const lines = [header];
  for (const r of reports) {
    for (const sizing of ['search', 'meta'] as const) {
      const s = r[sizing];
      lines.push(
        `${(r.family + (r.heldOut ? '*' : '')).padEnd(12)}${sizing.padEnd(8)}${String(s.n).padEnd(5)}${f3(s.std).padStart(6)} ${f3(s.iqr).padStart(6)} ${f3(s.median).padStart(7)}  ${String(s.distinct).padStart(8)} ${pct(s.fractionAtFloor).padStart(5)} ${pct(s.fractionAtCeiling).padStart(5)} ${pct(s.fractionSameAsAdamw).padStart(6)} ${s.secondsPerCandidate.toFixed(3).padStart(7)}  ${sizing === 'search' ? f3(r.spearman) : ''}`,
      );
    }
  }
  lines.push(`opt:suite score vs opt:meta-validation score: Spearman ρ = ${f3(suiteVsMeta)} over ${metaCandidates.length} programs (* = held out of search)`);
  lines.push(`${run.seconds.toFixed(0)} s; wrote ${out} (run '${label}')`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main(process.argv.slice(2));
