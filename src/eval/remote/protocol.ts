/**
 * What crosses the queue between a search and its workers, and the checks on both ends. A job
 * carries only plain data: the symdisc version, the backend that must score it, a task reference
 * (id + options) and DSL program texts; never code. Sizes are bounded, and anything that does not
 * have exactly this shape is rejected with a one-line reason (a worker never crashes on it).
 */
import { readFileSync } from 'node:fs';
import type { CandidateResult, TaskRef } from '../evaluator.ts';
import { fromJsonNumber, toJsonNumber } from '../../run/json-numbers.ts';
import type { JsonNumber } from '../../run/json-numbers.ts';

/** Wire format version: bumped when the job or result shape changes. */
export const PROTOCOL = 1;
/** Programs per job, characters per program text, characters of a whole job: the bounds. */
export const MAX_PROGRAMS_PER_JOB = 1024;
export const MAX_PROGRAM_CHARS = 16_384;
export const MAX_JOB_CHARS = 4_000_000;
export const MAX_RESULT_CHARS = 8_000_000;

/** The backends a job may require; workers of one kind take jobs from that kind's queue only. */
export type RemoteBackend = 'cpu' | 'webgpu';

/** The queue of one backend: results of different backends are not bit-equal, so never mixed. */
export function queueName(backend: RemoteBackend): string {
  return `symdisc-eval-${backend}`;
}

/** The symdisc version of this checkout (package.json). */
export function symdiscVersion(): string {
  const text = readFileSync(new URL('../../../package.json', import.meta.url), 'utf8');
  return String((JSON.parse(text) as { version?: unknown }).version ?? 'unknown');
}

export interface EvalJob {
  readonly protocol: number;
  readonly symdisc: string;
  readonly backend: RemoteBackend;
  readonly task: TaskRef;
  readonly programs: readonly string[];
}

/** One result on the wire: non-finite numbers as strings (JSON has none). */
interface WireResult {
  readonly s: JsonNumber;
  readonly v: boolean;
  readonly m: Readonly<Record<string, JsonNumber>>;
  readonly e?: string;
  readonly p?: string;
}

export interface EvalJobResult {
  /** The worker that scored the job (`host:pid`). */
  readonly worker: string;
  readonly results: readonly WireResult[];
}

/** A job or result that does not have the agreed shape: the reason in one line. */
export class MalformedMessageError extends Error {
  override readonly name = 'MalformedMessageError';
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

const TASK_ID = /^[A-Za-z0-9:_.-]{1,100}$/;

/** Checks a job's shape and bounds; the version and task are checked by the worker after this. */
export function parseJob(data: unknown): EvalJob {
  const bad = (why: string): never => {
    throw new MalformedMessageError(`malformed job: ${why}`);
  };
  if (!isRecord(data)) return bad(`expected an object, got ${Array.isArray(data) ? 'an array' : typeof data}`);
  let size = 0;
  try {
    size = JSON.stringify(data).length;
  } catch {
    bad('not JSON data');
  }
  if (size > MAX_JOB_CHARS) bad(`${size} characters, more than ${MAX_JOB_CHARS}`);
  if (data.protocol !== PROTOCOL) bad(`protocol ${JSON.stringify(data.protocol)}, this worker speaks ${PROTOCOL}`);
  if (typeof data.symdisc !== 'string' || data.symdisc.length > 64) bad('symdisc version missing');
  if (data.backend !== 'cpu' && data.backend !== 'webgpu') bad(`backend ${JSON.stringify(data.backend)} is not cpu or webgpu`);
  const task = data.task;
  if (!isRecord(task) || typeof task.id !== 'string' || !TASK_ID.test(task.id)) bad('task.id missing or not a task id');
  const t = task as Record<string, unknown>;
  if (t.options !== undefined) {
    if (!isRecord(t.options) || Object.keys(t.options).length > 32) bad('task.options is not an object of at most 32 entries');
    for (const [k, v] of Object.entries(t.options as Record<string, unknown>)) {
      if (k.length > 64 || !['string', 'number', 'boolean'].includes(typeof v) || (typeof v === 'string' && v.length > 256)) bad(`task option '${k.slice(0, 64)}' is not a short string, number or boolean`);
    }
  }
  const programs = data.programs;
  if (!Array.isArray(programs) || programs.length === 0 || programs.length > MAX_PROGRAMS_PER_JOB) bad(`programs must be 1..${MAX_PROGRAMS_PER_JOB} program texts`);
  (programs as unknown[]).forEach((p, i) => {
    if (typeof p !== 'string' || p.length > MAX_PROGRAM_CHARS) bad(`programs[${i}] is not a program text of at most ${MAX_PROGRAM_CHARS} characters`);
  });
  return data as unknown as EvalJob;
}

export function encodeResults(worker: string, results: readonly CandidateResult[]): EvalJobResult {
  return {
    worker,
    results: results.map((r) => {
      const m: Record<string, JsonNumber> = {};
      for (const [k, x] of Object.entries(r.measures)) m[k] = toJsonNumber(x);
      return { s: toJsonNumber(r.score), v: r.valid, m, ...(r.error !== undefined ? { e: r.error } : {}), ...(r.program !== undefined ? { p: r.program } : {}) };
    }),
  };
}

const JSON_NUMBER = (x: unknown): boolean => typeof x === 'number' || x === 'Infinity' || x === '-Infinity' || x === 'NaN';

/** Decodes a worker's result for a job of `count` programs; a wrong shape is a MalformedMessageError. */
export function decodeResults(value: unknown, count: number): { worker: string; results: CandidateResult[] } {
  const bad = (why: string): never => {
    throw new MalformedMessageError(`malformed result: ${why}`);
  };
  if (!isRecord(value) || typeof value.worker !== 'string' || !Array.isArray(value.results)) return bad('expected { worker, results }');
  if (value.results.length !== count) bad(`${value.results.length} results for ${count} programs`);
  const results = (value.results as unknown[]).map((r, i): CandidateResult => {
    if (!isRecord(r) || !JSON_NUMBER(r.s) || typeof r.v !== 'boolean' || !isRecord(r.m)) return bad(`results[${i}] is not a result`);
    const measures: Record<string, number> = {};
    for (const [k, x] of Object.entries(r.m)) {
      if (!JSON_NUMBER(x)) bad(`results[${i}].m.${k} is not a number`);
      measures[k] = fromJsonNumber(x as JsonNumber);
    }
    if (r.e !== undefined && typeof r.e !== 'string') bad(`results[${i}].e is not a string`);
    if (r.p !== undefined && typeof r.p !== 'string') bad(`results[${i}].p is not a string`);
    return {
      score: fromJsonNumber(r.s as JsonNumber),
      valid: r.v,
      measures,
      ...(typeof r.e === 'string' ? { error: r.e } : {}),
      ...(typeof r.p === 'string' ? { program: r.p } : {}),
    };
  });
  return { worker: value.worker, results };
}
