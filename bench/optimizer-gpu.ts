/**
 * The WGSL training kernel's throughput (measureGpuTrainer) in a process of its own, which owns
 * the device and ends with process.exit (DESIGN.md: a process that loaded dawn.node must not tear
 * it down any other way). Prints one JSON line: { device, software, ...GpuTrainerThroughput } or
 * { missing }.
 *
 *   tsx bench/optimizer-gpu.ts [TASK] [CANDIDATES]
 */
import { acquireDevice, describeDevice } from '../src/eval/backends/webgpu/device.ts';
import { prepareSoftwareGlEnvironment } from '../src/eval/backends/webgpu/environment.ts';
import { measureGpuTrainer } from '../src/eval/tasks/optimizer/gpu-throughput.ts';

async function main(): Promise<void> {
  const task = process.argv[2] ?? 'opt:suite';
  const candidates = Number(process.argv[3] ?? 32);
  prepareSoftwareGlEnvironment();
  const gpu = await acquireDevice();
  if (!('device' in gpu)) {
    process.stdout.write(`${JSON.stringify({ missing: gpu.missing })}\n`);
    process.exit(0);
  }
  const result = await measureGpuTrainer(gpu, task, candidates);
  process.stdout.write(`${JSON.stringify({ device: describeDevice(gpu), software: gpu.software, ...result })}\n`);
  process.exit(0);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
