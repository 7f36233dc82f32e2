/**
 * GPU tests run on the real adapter (llvmpipe through Dawn's GLES backend on a box without a
 * GPU). A test that finds no adapter FAILS with the reason; only SYMDISC_ALLOW_NO_GPU=1 turns
 * that into a loud skip (for machines known to lack Mesa's EGL/GLES libraries).
 */
import { it } from 'vitest';
import { acquireDevice, describeDevice } from '../../../src/eval/backends/webgpu/device.ts';
import type { AcquiredDevice } from '../../../src/eval/backends/webgpu/device.ts';
import { MISSING_ADAPTER_HINT, prepareSoftwareGlEnvironment } from '../../../src/eval/backends/webgpu/environment.ts';

export const ALLOW_NO_GPU = process.env.SYMDISC_ALLOW_NO_GPU === '1';

let described = false;
let acquired: Promise<AcquiredDevice | { readonly missing: readonly string[] }> | undefined;

/** The test process's device (one per test file: each file runs in its own process). */
export async function testDevice(): Promise<AcquiredDevice | { readonly missing: readonly string[] }> {
  prepareSoftwareGlEnvironment();
  acquired ??= acquireDevice();
  return acquired;
}

/** Whether to skip GPU tests: only when there is no adapter AND skipping was asked for, loudly. */
export async function skipWithoutGpu(): Promise<boolean> {
  const gpu = await testDevice();
  if ('device' in gpu) return false;
  const reason = `no WebGPU adapter: ${gpu.missing.join('; ')}; ${MISSING_ADAPTER_HINT}`;
  if (!ALLOW_NO_GPU) throw new Error(`${reason} (set SYMDISC_ALLOW_NO_GPU=1 to skip GPU tests instead)`);
  console.warn(`SKIPPING GPU TESTS (SYMDISC_ALLOW_NO_GPU=1): ${reason}`);
  return true;
}

/** The device, or a failure naming what is missing. */
export async function requireDevice(): Promise<AcquiredDevice> {
  const gpu = await testDevice();
  if ('device' in gpu) return gpu;
  throw new Error(`no WebGPU adapter: ${gpu.missing.join('; ')}; ${MISSING_ADAPTER_HINT}`);
}

/** A GPU test: fails without an adapter, skipped (loudly) only under SYMDISC_ALLOW_NO_GPU=1. */
export function gpuIt(name: string, fn: (gpu: AcquiredDevice) => Promise<void>, timeout?: number): void {
  it(
    name,
    async (context) => {
      if (await skipWithoutGpu()) return context.skip();
      const gpu = await requireDevice();
      if (!described) console.log(`GPU tests on ${describeDevice(gpu)}`);
      described = true;
      await fn(gpu);
    },
    timeout,
  );
}
