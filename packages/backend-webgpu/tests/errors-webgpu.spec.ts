import { describe, expect, it } from 'vitest';
import { DTypeError, ShapeError, getBackend, matmul, tensor, zeros } from '@flint/core';
import { WgslCompileError, unsupportedReason, type WebGpuBackend } from '../src/index.js';
import { webgpuReady } from './webgpu-available.js';

const ready = await webgpuReady();

describe.skipIf(!ready)('errors on webgpu:0', () => {
  it('a shape error is the same typed error, with the same message, as on the CPU', () => {
    const grab = (device: string): Error => {
      try {
        matmul(zeros([32, 784], { device }), zeros([128, 10], { device }));
      } catch (e) {
        return e as Error;
      }
      throw new Error('no error');
    };
    const [cpu, gpu] = [grab('cpu'), grab('webgpu')];
    expect(gpu).toBeInstanceOf(ShapeError);
    expect(gpu.message).toBe(cpu.message);
    expect(gpu.message).toMatch(/inner dimensions 784 and 128 differ/);
  });

  it('float64 is refused with a DTypeError from the unsupported table, never run on the CPU', () => {
    expect(unsupportedReason('Add', 'float64')).toMatch(/no 64-bit float/);
    expect(() => tensor([1, 2], { device: 'webgpu', dtype: 'float64' })).toThrow(DTypeError);
  });

  it('a kernel that fails to compile names the kernel and shows the WGSL line', async () => {
    const gpu = getBackend('webgpu') as WebGpuBackend;
    const wgsl = 'fn main_() {}\n@compute @workgroup_size(1)\nfn main() {\n  let x: f32 = undefinedThing;\n}';
    const err = await gpu.compile({ key: 'test:broken', kernel: 'BrokenKernel', wgsl: () => wgsl });
    expect(err).toBeInstanceOf(WgslCompileError);
    expect(err!.kernel).toBe('BrokenKernel');
    expect(err!.line).toBe(4);
    expect(err!.message).toContain('BrokenKernel');
    expect(err!.message).toContain('let x: f32 = undefinedThing;');
    // The deferred error surfaces at the next synchronisation point, then clears.
    await expect(gpu.sync()).rejects.toBeInstanceOf(WgslCompileError);
    await expect(gpu.sync()).resolves.toBeUndefined();
  });
});
