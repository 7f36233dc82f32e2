/**
 * The WGSL export compiled and run on the real WebGPU adapter (Dawn's GLES backend over llvmpipe
 * on a box without a GPU): the function inside a small kernel, the optimizer's own update kernel.
 * Results are held to the WGSL spec's accuracy for each op (the op table's `wgslAccuracy`).
 */
import { describe, expect, it } from 'vitest';
import { exportProgram } from '../../../src/dsl/emit/index.ts';
import { WGSL_OPTIMIZER_BINDINGS } from '../../../src/dsl/emit/wgsl-export.ts';
import { interpret } from '../../../src/dsl/interpret.ts';
import { applyF32, getOp } from '../../../src/dsl/ops/table.ts';
import type { Program } from '../../../src/dsl/program.ts';
import type { AcquiredDevice } from '../../../src/eval/backends/webgpu/device.ts';
import { gpuIt } from '../../eval/support/gpu.ts';
import { ADAMW, allOpsFunction, allOpsOptimizer, FUNCTION_POINTS, gradients, LION_SEARCH, SMALL_FUNCTION, SMALL_OPTIMIZER } from './support/programs.ts';
import { expectClose, optimizerReference } from './support/reference.ts';

const F32_ULP = 2 ** -23;

async function compile(gpu: AcquiredDevice, code: string, entryPoint = 'main'): Promise<GPUComputePipeline> {
  const { device } = gpu;
  device.pushErrorScope('validation');
  const module = device.createShaderModule({ code });
  const info = await module.getCompilationInfo();
  const errors = info.messages.filter((m) => m.type === 'error').map((m) => `${m.lineNum}:${m.linePos} ${m.message}`);
  const pipeline = device.createComputePipeline({ layout: 'auto', compute: { module, entryPoint } });
  const scopeError = await device.popErrorScope();
  expect(errors).toEqual([]);
  expect(scopeError?.message).toBeUndefined();
  return pipeline;
}

function storage(device: GPUDevice, data: Float32Array, readWrite: boolean): GPUBuffer {
  const buffer = device.createBuffer({ size: data.byteLength, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST | (readWrite ? GPUBufferUsage.COPY_SRC : 0) });
  device.queue.writeBuffer(buffer, 0, data);
  return buffer;
}

async function readBack(device: GPUDevice, buffer: GPUBuffer, count: number): Promise<number[]> {
  const staging = device.createBuffer({ size: count * 4, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
  const encoder = device.createCommandEncoder();
  encoder.copyBufferToBuffer(buffer, 0, staging, 0, count * 4);
  device.queue.submit([encoder.finish()]);
  await staging.mapAsync(GPUMapMode.READ);
  const out = Array.from(new Float32Array(staging.getMappedRange().slice(0)));
  staging.unmap();
  staging.destroy();
  return out;
}

async function runFunction(gpu: AcquiredDevice, p: Program, xs: readonly number[]): Promise<number[]> {
  const kernel = [
    exportProgram(p, 'wgsl'),
    '@group(0) @binding(0) var<storage, read> xs: array<f32>;',
    '@group(0) @binding(1) var<storage, read_write> ys: array<f32>;',
    '@compute @workgroup_size(64)',
    'fn main(@builtin(global_invocation_id) id: vec3<u32>) {',
    '  if (id.x < arrayLength(&xs)) {',
    '    ys[id.x] = f(xs[id.x]);',
    '  }',
    '}',
  ].join('\n');
  const { device } = gpu;
  const pipeline = await compile(gpu, kernel);
  const input = storage(device, Float32Array.from(xs), false);
  const output = storage(device, new Float32Array(xs.length), true);
  const bind = device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries: [input, output].map((buffer, binding) => ({ binding, resource: { buffer } })) });
  const encoder = device.createCommandEncoder();
  const pass = encoder.beginComputePass();
  pass.setPipeline(pipeline);
  pass.setBindGroup(0, bind);
  pass.dispatchWorkgroups(Math.ceil(xs.length / 64));
  pass.end();
  device.queue.submit([encoder.finish()]);
  return readBack(device, output, xs.length);
}

/**
 * The WGSL spec's error bound for `allOpsFunction` at x: each term is one op on x and literals, so
 * its error is the op's allowance (ulps of the result, plus ulps per |x|, plus an absolute part);
 * the sum adds one rounding per term.
 */
function allOpsBound(p: Program, x: number): number {
  let bound = 0;
  const vars = new Map<string, number>([['x', Math.fround(x)]]);
  for (const s of p.body) {
    const args = s.args.map((a) => (a.kind === 'var' ? (vars.get(a.name) as number) : a.kind === 'lit' ? a.value : getOp(a.name).f64()));
    const value = applyF32(getOp(s.op), args);
    const acc = getOp(s.op).wgslAccuracy;
    const firstArg = s.args[0].kind === 'var' ? (vars.get(s.args[0].name) as number) : 0;
    bound += (acc.ulp + (acc.ulpPerAbsArg ?? 0) * Math.abs(firstArg) + 1) * F32_ULP * Math.abs(value) + acc.abs;
    vars.set(s.target, value);
  }
  return bound;
}

const RUN = { w0: [0.5, -0.25, 1.5, -2, 0.125, 3, 0.75, -1], grads: gradients(5, 8), lr: 0.1 };

async function runOptimizer(gpu: AcquiredDevice, p: Program): Promise<Record<'w' | 'm' | 'v', number[]>> {
  const { device } = gpu;
  const pipeline = await compile(gpu, exportProgram(p, 'wgsl'));
  const n = RUN.w0.length;
  const params = storage(device, Float32Array.from(RUN.w0), true);
  const grads = storage(device, new Float32Array(n), false);
  const m = storage(device, new Float32Array(n), true);
  const v = storage(device, new Float32Array(n), true);
  const uniform = device.createBuffer({ size: 16, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
  const buffers = [params, grads, m, v, uniform];
  expect(WGSL_OPTIMIZER_BINDINGS).toHaveLength(buffers.length);
  const bind = device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries: buffers.map((buffer, binding) => ({ binding, resource: { buffer } })) });
  for (let step = 1; step <= RUN.grads.length; step++) {
    device.queue.writeBuffer(grads, 0, Float32Array.from(RUN.grads[step - 1]));
    const u = new ArrayBuffer(16);
    new Float32Array(u, 0, 2).set([RUN.lr, step]);
    new Uint32Array(u, 8, 1)[0] = n;
    device.queue.writeBuffer(uniform, 0, u);
    const encoder = device.createCommandEncoder();
    const pass = encoder.beginComputePass();
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, bind);
    pass.dispatchWorkgroups(Math.ceil(n / 64));
    pass.end();
    device.queue.submit([encoder.finish()]);
  }
  return { w: await readBack(device, params, n), m: await readBack(device, m, n), v: await readBack(device, v, n) };
}

describe('WGSL export, compiled and run on the WebGPU adapter', () => {
  gpuIt('a function using every op agrees with the interpreter within the WGSL accuracy bounds', async (gpu) => {
    const p = allOpsFunction();
    const got = await runFunction(gpu, p, FUNCTION_POINTS);
    FUNCTION_POINTS.forEach((x, i) => {
      const want = interpret(p, { x }, 'f32')[0];
      expect(Math.abs(got[i] - want), `x = ${x}: ${got[i]} vs ${want}`).toBeLessThanOrEqual(allOpsBound(p, x));
    });
  });

  gpuIt('every optimizer export compiles into a valid pipeline', async (gpu) => {
    for (const p of [ADAMW, LION_SEARCH, allOpsOptimizer(), SMALL_OPTIMIZER]) await compile(gpu, exportProgram(p, 'wgsl'));
  });

  gpuIt('the AdamW update kernel steps parameters, m and v as the interpreter does (f32)', async (gpu) => {
    const got = await runOptimizer(gpu, ADAMW);
    const ref = optimizerReference(ADAMW, RUN, 'f32', 'f32');
    // sqrt may be 1.0 / inverseSqrt (4.5 ulp), division 2.5 ulp, mix 2 ulp: a few float32 ulps per step.
    expectClose(got.w, ref.w, 2 ** -16, 'w');
    expectClose(got.m, ref.m, 2 ** -16, 'm');
    expectClose(got.v, ref.v, 2 ** -16, 'v');
  });

  it('has no f64: asking for it is an error', () => {
    expect(() => exportProgram(SMALL_FUNCTION, 'wgsl', { precision: 'f64' })).toThrow(/WGSL has no f64/);
  });

  it('inline snapshot: a small function', () => {
    expect(exportProgram(SMALL_FUNCTION, 'wgsl')).toMatchInlineSnapshot(`
      "// Generated by symdisc (f32) from:
      //   def f(x):
      //     a = x * -0.5
      //     b = exp2(a)
      //     y = fma(b, x, 0.25)
      //     return y

      fn f(x: f32) -> f32 {
        let c0: f32 = -0.5f;
        let s0: f32 = (x * c0);
        let s1: f32 = exp2(s0);
        let c1: f32 = 0.25f;
        let s2: f32 = fma(s1, x, c1);
        return s2;
      }
      "
    `);
  });

  it('inline snapshot: a small optimizer kernel', () => {
    expect(exportProgram(SMALL_OPTIMIZER, 'wgsl')).toMatchInlineSnapshot(`
      "// Generated by symdisc (f32) from:
      //   def train(w, g, m, v, lr):
      //     m = interp(g, m, 0.9)
      //     b = power(0.9, t)
      //     b = 1 - b
      //     update = m / b
      //     update = update * lr
      //     return update, m, v

      fn sd_nan() -> f32 { var bits = 0x7fc00000u; return bitcast<f32>(bits); }

      fn sd_pow(x: f32, y: f32) -> f32 {
        let ax = abs(x);
        if (ax == 0.0) {
          if (y > 0.0) { return 0.0; }
          if (y == 0.0) { return 1.0; }
          return sd_nan();
        }
        return pow(ax, y);
      }

      fn sd_train(w: f32, g: f32, m: f32, v: f32, lr: f32, t: f32) -> array<f32, 3> {
        let c0: f32 = 0.9f;
        let s0: f32 = mix(g, m, c0);
        let c1: f32 = 0.9f;
        let s1: f32 = sd_pow(c1, t);
        let c2: f32 = 1.0f;
        let s2: f32 = (c2 - s1);
        let s3: f32 = select(s0 / s2, 0.0, s2 == 0.0);
        let s4: f32 = (s3 * lr);
        return array<f32, 3>(s4, s0, v);
      }

      // lr: the base learning rate; t: the number of this step (1 on the first); n: the parameter count.
      struct StepParams {
        lr: f32,
        t: f32,
        n: u32,
        pad: u32,
      }

      @group(0) @binding(0) var<storage, read_write> params: array<f32>;
      @group(0) @binding(1) var<storage, read> grads: array<f32>;
      @group(0) @binding(2) var<storage, read_write> m_state: array<f32>;
      @group(0) @binding(3) var<storage, read_write> v_state: array<f32>;
      @group(0) @binding(4) var<uniform> step_params: StepParams;

      // One optimizer step for every parameter: w <- w - update; m and v persist in m_state and v_state.
      @compute @workgroup_size(64)
      fn main(@builtin(global_invocation_id) id: vec3<u32>) {
        let i = id.x;
        if (i >= step_params.n) {
          return;
        }
        let r = sd_train(params[i], grads[i], m_state[i], v_state[i], step_params.lr, step_params.t);
        params[i] = params[i] - r[0];
        m_state[i] = r[1];
        v_state[i] = r[2];
      }
      "
    `);
  });
});
