/**
 * Test harness: runs one program on the device over a set of points and reads back its output
 * AND the value of every live statement at every point (the emitter's trace option), so a test
 * can check each op on the device against the f32 interpreter's op applied to the device's own
 * operands.
 */
import { emitWgslFunction } from '../../../src/dsl/emit/wgsl.ts';
import type { WgslFunction } from '../../../src/dsl/emit/wgsl.ts';
import type { Program } from '../../../src/dsl/program.ts';
import type { AcquiredDevice } from '../../../src/eval/backends/webgpu/device.ts';

export interface Trace {
  readonly fn: WgslFunction;
  /** Output at each point. */
  readonly outputs: Float32Array;
  /** trace[i * fn.liveOps + k] = value of live statement k at point i. */
  readonly trace: Float32Array;
}

export async function traceOnDevice(gpu: AcquiredDevice, p: Program, xs: Float32Array): Promise<Trace> {
  const device = gpu.device;
  const fn = emitWgslFunction(p, { name: 'sd_f', traceBuffer: 'sd_trace' });
  const k = Math.max(1, fn.liveOps);
  const code = `
@group(0) @binding(0) var<storage, read> xs: array<f32>;
@group(0) @binding(1) var<storage, read> sd_consts: array<f32>;
@group(0) @binding(2) var<storage, read_write> sd_trace: array<f32>;
@group(0) @binding(3) var<storage, read_write> ys: array<f32>;
${fn.helpers.join('\n')}
${fn.code}
@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) g: vec3<u32>) {
  let i = g.x;
  if (i >= ${xs.length}u) { return; }
  ys[i] = sd_f(xs[i], 0u, i * ${k}u);
}`;
  // An explicit layout: 'auto' would drop the bindings a program does not use (no literals, no statements).
  const layout = device.createBindGroupLayout({
    entries: [0, 1, 2, 3].map((binding) => ({ binding, visibility: GPUShaderStage.COMPUTE, buffer: { type: binding < 2 ? 'read-only-storage' : 'storage' } as const })),
  });
  device.pushErrorScope('validation');
  const module = device.createShaderModule({ code });
  const pipeline = await device.createComputePipelineAsync({ layout: device.createPipelineLayout({ bindGroupLayouts: [layout] }), compute: { module, entryPoint: 'main' } });
  const buffer = (data: ArrayBufferView | number, usage: number): GPUBuffer => {
    const size = Math.max(16, typeof data === 'number' ? data : data.byteLength);
    const b = device.createBuffer({ size, usage: usage | GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC });
    if (typeof data !== 'number') device.queue.writeBuffer(b, 0, data as unknown as ArrayBuffer);
    return b;
  };
  const consts = new Float32Array(fn.literals.length > 0 ? fn.literals : [0]);
  const xsBuffer = buffer(xs, GPUBufferUsage.STORAGE);
  const constsBuffer = buffer(consts, GPUBufferUsage.STORAGE);
  const traceBuffer = buffer(xs.length * k * 4, GPUBufferUsage.STORAGE);
  const ysBuffer = buffer(xs.length * 4, GPUBufferUsage.STORAGE);
  const bindGroup = device.createBindGroup({
    layout,
    entries: [xsBuffer, constsBuffer, traceBuffer, ysBuffer].map((b, binding) => ({ binding, resource: { buffer: b } })),
  });
  const encoder = device.createCommandEncoder();
  const pass = encoder.beginComputePass();
  pass.setPipeline(pipeline);
  pass.setBindGroup(0, bindGroup);
  pass.dispatchWorkgroups(Math.ceil(xs.length / 64));
  pass.end();
  const read = async (src: GPUBuffer, bytes: number): Promise<Float32Array> => {
    const dst = device.createBuffer({ size: Math.max(16, bytes), usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
    const e = device.createCommandEncoder();
    e.copyBufferToBuffer(src, 0, dst, 0, Math.max(16, bytes));
    device.queue.submit([e.finish()]);
    await dst.mapAsync(GPUMapMode.READ);
    const out = new Float32Array(dst.getMappedRange().slice(0, bytes));
    dst.unmap();
    dst.destroy();
    return out;
  };
  device.queue.submit([encoder.finish()]);
  const error = await device.popErrorScope();
  if (error) throw new Error(`trace kernel: ${error.message}\n${code}`);
  const outputs = await read(ysBuffer, xs.length * 4);
  const trace = await read(traceBuffer, xs.length * k * 4);
  for (const b of [xsBuffer, constsBuffer, traceBuffer, ysBuffer]) b.destroy();
  return { fn, outputs, trace };
}
