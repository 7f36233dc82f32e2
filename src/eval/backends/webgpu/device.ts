/**
 * WebGPU device acquisition through Dawn (the `webgpu` package), in the order DESIGN.md gives:
 * a hardware adapter on Dawn's default backend at feature level `core`, else Dawn's OpenGL ES
 * backend (over Mesa llvmpipe on a box without a GPU) at feature level `compatibility`.
 *
 * Two measured Dawn pitfalls shape this file:
 * - the object `create()` returns must stay strongly referenced for as long as any device from it
 *   lives, or a long compile ends in SIGSEGV; `GPU_ROOTS` holds every one for the process's life;
 * - Mesa reads `EGL_PLATFORM` from the process environment, so it must be set before the first
 *   `create()` and before any worker starts (a worker thread's `process.env` is a copy).
 *
 * Import this only in a process that may die of a native crash (the GPU child process).
 */
import { create, globals } from 'webgpu';
import { prepareSoftwareGlEnvironment } from './environment.ts';

/** Strong references to every `create()` result: never released (see the module comment). */
const GPU_ROOTS: GPU[] = [];

export type DawnBackend = 'default' | 'opengles';

export interface AcquiredDevice {
  readonly device: GPUDevice;
  readonly adapter: GPUAdapter;
  readonly dawnBackend: DawnBackend;
  readonly featureLevel: 'core' | 'compatibility';
  /** Adapter info: vendor, architecture, device, description. */
  readonly adapterInfo: Readonly<Record<string, string>>;
  /** The device's limits that the kernels use (read from the device, never assumed). */
  readonly limits: Readonly<Record<string, number>>;
  /** Whether Dawn calls this a fallback (software) adapter. */
  readonly software: boolean;
}

/** Limits the kernels size themselves by; requested at the adapter's maximum. */
const KEY_LIMITS = [
  'maxComputeInvocationsPerWorkgroup',
  'maxComputeWorkgroupSizeX',
  'maxComputeWorkgroupsPerDimension',
  'maxComputeWorkgroupStorageSize',
  'maxStorageBufferBindingSize',
  'maxBufferSize',
  'maxStorageBuffersPerShaderStage',
] as const;

let globalsInstalled = false;

function gpuFor(args: string[]): GPU {
  if (!globalsInstalled) {
    // GPUBufferUsage, GPUMapMode, ... as globals, as in a browser.
    Object.assign(globalThis, globals);
    globalsInstalled = true;
  }
  const gpu = create(args);
  GPU_ROOTS.push(gpu);
  return gpu;
}

function describe(adapter: GPUAdapter): Record<string, string> {
  const info = adapter.info;
  return { vendor: info.vendor, architecture: info.architecture, device: info.device, description: info.description };
}

async function deviceFrom(adapter: GPUAdapter, dawnBackend: DawnBackend, featureLevel: 'core' | 'compatibility'): Promise<AcquiredDevice> {
  const requiredLimits: Record<string, number> = {};
  for (const name of KEY_LIMITS) {
    const value = (adapter.limits as unknown as Record<string, number>)[name];
    if (typeof value === 'number') requiredLimits[name] = value;
  }
  const device = await adapter.requestDevice({ requiredLimits });
  const limits: Record<string, number> = {};
  for (const name of KEY_LIMITS) limits[name] = (device.limits as unknown as Record<string, number>)[name];
  const info = adapter.info as GPUAdapterInfo & { isFallbackAdapter?: boolean };
  const described = describe(adapter);
  const software = info.isFallbackAdapter === true || /llvmpipe|lavapipe|swiftshader|softpipe/i.test(Object.values(described).join(' '));
  return { device, adapter, dawnBackend, featureLevel, adapterInfo: described, limits, software };
}

export interface AcquireOptions {
  /** Skip the default backend (hardware) and go straight to GLES; for tests of the fallback. */
  readonly onlyGles?: boolean;
  readonly log?: (line: string) => void;
}

/**
 * The first device the fallback order yields, or the reasons none could be had (one per
 * attempt). Never throws for a missing adapter.
 */
export async function acquireDevice(options: AcquireOptions = {}): Promise<AcquiredDevice | { readonly missing: readonly string[] }> {
  const missing: string[] = [];
  if (!options.onlyGles) {
    try {
      const adapter = await gpuFor([]).requestAdapter({ featureLevel: 'core', powerPreference: 'high-performance' });
      if (adapter) return await deviceFrom(adapter, 'default', 'core');
      missing.push('no hardware adapter on Dawn\'s default backend (no GPU driver or Vulkan loader)');
    } catch (error) {
      missing.push(`Dawn's default backend failed: ${(error as Error).message}`);
    }
  }
  prepareSoftwareGlEnvironment();
  try {
    const adapter = await gpuFor(['backend=opengles']).requestAdapter({ featureLevel: 'compatibility' });
    if (adapter) return await deviceFrom(adapter, 'opengles', 'compatibility');
    missing.push('no adapter on Dawn\'s OpenGL ES backend (EGL/GLES over Mesa)');
  } catch (error) {
    missing.push(`Dawn's OpenGL ES backend failed: ${(error as Error).message}`);
  }
  return { missing };
}

/** One line for logs: adapter description, Dawn backend, feature level, key limits. */
export function describeDevice(d: AcquiredDevice): string {
  const i = d.adapterInfo;
  const name = [i.description, i.device, i.vendor, i.architecture].filter((s) => s && s.length > 0);
  const l = d.limits;
  return (
    `webgpu: ${name.join(' / ') || 'unnamed adapter'}${d.software ? ' (software)' : ''}; Dawn backend ${d.dawnBackend}, feature level ${d.featureLevel}; ` +
    `limits: ${l.maxComputeInvocationsPerWorkgroup} invocations/workgroup, ${l.maxComputeWorkgroupStorageSize} B workgroup storage, ` +
    `${l.maxComputeWorkgroupsPerDimension} workgroups/dim, ${Math.round(l.maxStorageBufferBindingSize / 2 ** 20)} MiB storage binding`
  );
}
