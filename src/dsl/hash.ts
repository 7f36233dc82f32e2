/**
 * Structural hash: a hash of how the outputs derive from the inputs, as the Lion search's abstract
 * execution computes it. The expression DAG is built backwards from the outputs (each variable
 * read resolves to the statement that last assigned it), so
 *   - variable names never enter the hash (renaming changes nothing),
 *   - statements no output depends on never enter it (dead code changes nothing),
 *   - the arguments of commutative ops (op.facts.commutative) are sorted by hash (a + b = b + a).
 * Leaves: inputs by their position in `allInputs(domain)`, literals by their exact float64 bits
 * (Object.is semantics: -0 and 0 differ, as `programsEqual` has it; every NaN is one NaN), named
 * constants by name. Ops enter by name, so the hash is stable when the op table grows.
 *
 * Each DAG node gets a 64-bit hash (two 32-bit MurmurHash3 lanes with different seeds), memoised
 * per statement; the result is 16 hex digits. It is not cryptographic: programs are not chosen by
 * an adversary, and a 64-bit space makes an accidental collision among millions of programs
 * unlikely (~n²/2⁶⁵). It runs for every child in the search, so it allocates little and never
 * builds strings per node.
 */
import { findOp } from './ops/table.ts';
import type { Program } from './program.ts';
import { allInputs } from './signature.ts';
import type { Domain } from './signature.ts';

const SEED_A = 0x2545f491;
const SEED_B = 0x9e3779b9;

// Node kinds, fed first so that e.g. an input and a literal with equal payloads differ.
const TAG_INPUT = 1;
const TAG_LITERAL = 2;
const TAG_CONSTANT = 3;
const TAG_OP = 4;
const TAG_PROGRAM = 5;

/** One MurmurHash3 block step: mixes the 32-bit word `k` into lane state `h`. */
function step(h: number, k: number): number {
  k = Math.imul(k, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, 0x1b873593);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

/** MurmurHash3's finaliser: avalanches every input bit over the lane. */
function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}

// The hash being built: two lanes and a word count (reset by `begin`, read by `finish`).
let laneA = 0;
let laneB = 0;
let words = 0;
let outA = 0;
let outB = 0;

function begin(tag: number): void {
  laneA = step(SEED_A, tag);
  laneB = step(SEED_B, tag);
  words = 1;
}

function feed(word: number): void {
  laneA = step(laneA, word);
  laneB = step(laneB, word);
  words++;
}

/** Finishes the current hash into `outA`, `outB` (the lanes cross-mixed as in MurmurHash3 x86_128). */
function finish(): void {
  let a = fmix(laneA ^ words);
  let b = fmix(laneB ^ words);
  a = (a + b) | 0;
  b = (b + a) | 0;
  outA = a;
  outB = b;
}

const stringHashes = new Map<string, number>();
/** A 32-bit hash of a name (op, named constant, domain), cached. */
function nameHash(s: string): number {
  let h = stringHashes.get(s);
  if (h === undefined) {
    h = SEED_A ^ s.length;
    for (let i = 0; i < s.length; i++) h = step(h, s.charCodeAt(i));
    h = fmix(h ^ s.length);
    stringHashes.set(s, h);
  }
  return h;
}

const bits = new Float64Array(1);
const bitWords = new Int32Array(bits.buffer);

function hashLiteral(x: number): void {
  bits[0] = Number.isNaN(x) ? NaN : x;
  begin(TAG_LITERAL);
  feed(bitWords[0]);
  feed(bitWords[1]);
  finish();
}

function hashName(tag: number, name: string): void {
  begin(tag);
  feed(nameHash(name));
  finish();
}

// Per-argument scratch for one op node: child hash lanes, sorted for commutative ops.
const argA = new Int32Array(8);
const argB = new Int32Array(8);

function sortArgs(n: number): void {
  for (let i = 1; i < n; i++) {
    const a = argA[i];
    const b = argB[i];
    let j = i - 1;
    while (j >= 0 && (argA[j] > a || (argA[j] === a && argB[j] > b))) {
      argA[j + 1] = argA[j];
      argB[j + 1] = argB[j];
      j--;
    }
    argA[j + 1] = a;
    argB[j + 1] = b;
  }
}

function toHex(x: number): string {
  return (x >>> 0).toString(16).padStart(8, '0');
}

/** Hash of the input at signature position k (cached: it depends on k only). */
const inputHashes: [number, number][] = [];
function inputHash(k: number): void {
  let h = inputHashes[k];
  if (!h) {
    begin(TAG_INPUT);
    feed(k);
    finish();
    h = inputHashes[k] = [outA, outB];
  }
  outA = h[0];
  outB = h[1];
}

// Scratch arrays reused across calls (the hash runs for every child in the search).
let argStart = new Int32Array(64);
let argDef = new Int32Array(192);
let live = new Uint8Array(64);
let nodeA = new Int32Array(64);
let nodeB = new Int32Array(64);

function reserve(statements: number, operands: number): void {
  if (argStart.length < statements + 1) {
    const size = 2 * (statements + 1);
    argStart = new Int32Array(size);
    live = new Uint8Array(size);
    nodeA = new Int32Array(size);
    nodeB = new Int32Array(size);
  }
  if (argDef.length < operands) argDef = new Int32Array(2 * operands);
}

/** Sets outA/outB to the hash of a definition: statement d >= 0, or input -d-1. */
function definitionHash(d: number): void {
  if (d >= 0) {
    outA = nodeA[d];
    outB = nodeB[d];
  } else inputHash(-d - 1);
}

const inputsByDomain = new Map<Domain, readonly string[]>();
function domainInputs(domain: Domain): readonly string[] {
  let names = inputsByDomain.get(domain);
  if (!names) inputsByDomain.set(domain, (names = allInputs(domain)));
  return names;
}

function readBeforeAssignment(where: string, name: string): Error {
  return new Error(`structuralHash: ${where} reads '${name}' before it is assigned`);
}

/**
 * The structural hash of `p` (16 hex digits). Throws for a program that reads a variable before
 * assigning it or names an unknown op (validate first).
 */
export function structuralHash(p: Program): string {
  const inputs = domainInputs(p.domain);
  const body = p.body;
  const n = body.length;
  let operands = 0;
  for (let i = 0; i < n; i++) operands += body[i].args.length;
  reserve(n, operands);

  // Forward: where each variable operand was defined. def >= 0: statement index; def < 0: input -def-1.
  const lastDef = new Map<string, number>();
  for (let i = 0; i < inputs.length; i++) lastDef.set(inputs[i], -i - 1);
  argStart[0] = 0;
  for (let i = 0; i < n; i++) {
    const args = body[i].args;
    const start = argStart[i];
    for (let j = 0; j < args.length; j++) {
      const a = args[j];
      if (a.kind !== 'var') continue;
      const d = lastDef.get(a.name);
      if (d === undefined) throw readBeforeAssignment(`statement ${i + 1}`, a.name);
      argDef[start + j] = d;
    }
    argStart[i + 1] = start + args.length;
    lastDef.set(body[i].target, i);
    live[i] = 0;
  }
  const outputs = p.outputs;
  const outDef = new Int32Array(outputs.length);
  for (let k = 0; k < outputs.length; k++) {
    const d = lastDef.get(outputs[k]);
    if (d === undefined) throw readBeforeAssignment('return', outputs[k]);
    outDef[k] = d;
    if (d >= 0) live[d] = 1;
  }

  // Backward: which statements the outputs depend on.
  for (let i = n - 1; i >= 0; i--) {
    if (!live[i]) continue;
    const args = body[i].args;
    for (let j = 0; j < args.length; j++) {
      if (args[j].kind !== 'var') continue;
      const d = argDef[argStart[i] + j];
      if (d >= 0) live[d] = 1;
    }
  }

  // Forward again over live statements only: every argument's definition is already hashed.
  for (let i = 0; i < n; i++) {
    if (!live[i]) continue;
    const s = body[i];
    const op = findOp(s.op);
    if (!op) throw new Error(`structuralHash: statement ${i + 1}: unknown op '${s.op}'`);
    const arity = s.args.length;
    if (arity > argA.length) throw new Error(`structuralHash: statement ${i + 1} has ${arity} operands`);
    for (let j = 0; j < arity; j++) {
      const a = s.args[j];
      if (a.kind === 'var') definitionHash(argDef[argStart[i] + j]);
      else if (a.kind === 'lit') hashLiteral(a.value);
      else hashName(TAG_CONSTANT, a.name);
      argA[j] = outA;
      argB[j] = outB;
    }
    if (op.facts.commutative) sortArgs(arity);
    begin(TAG_OP);
    feed(nameHash(op.name));
    feed(arity);
    for (let j = 0; j < arity; j++) {
      feed(argA[j]);
      feed(argB[j]);
    }
    finish();
    nodeA[i] = outA;
    nodeB[i] = outB;
  }

  // The program: domain, then each output's node in signature order.
  const resultA = new Int32Array(outputs.length);
  const resultB = new Int32Array(outputs.length);
  for (let k = 0; k < outputs.length; k++) {
    definitionHash(outDef[k]);
    resultA[k] = outA;
    resultB[k] = outB;
  }
  begin(TAG_PROGRAM);
  feed(nameHash(p.domain));
  feed(outputs.length);
  for (let k = 0; k < outputs.length; k++) {
    feed(resultA[k]);
    feed(resultB[k]);
  }
  finish();
  return toHex(outA) + toHex(outB);
}
