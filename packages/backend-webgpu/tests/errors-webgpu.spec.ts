import { describe, expect, it } from 'vitest';
import { DTypeError, DeviceError, ShapeError, getBackend, matmul, tensor, zeros } from '@flint/core';
import { GpuMemoryError, GpuValidationError, WgslCompileError, unsupportedReason, type WebGpuBackend } from '../src/index.js';
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

  it('an allocation larger than the device binds is a GpuMemoryError naming the op, shape and bytes', () => {
    const gpu = getBackend('webgpu') as WebGpuBackend;
    const limit = gpu.gpu.limits.maxStorageBufferBindingSize;
    const n = limit / 4 + 1;
    const before = gpu.memory();
    const grab = (fn: () => unknown): GpuMemoryError => {
      try {
        fn();
      } catch (e) {
        return e as GpuMemoryError;
      }
      throw new Error('no error');
    };
    const fill = grab(() => zeros([n], { device: 'webgpu' }));
    expect(fill).toBeInstanceOf(GpuMemoryError);
    expect(fill).toBeInstanceOf(DeviceError);
    expect(fill.bytes).toBe(n * 4);
    expect(fill.message).toContain(`Fill(shape [${n}]): cannot allocate ${n * 4} bytes on webgpu:0`);
    expect(fill.message).toContain(`more than the ${limit} bytes`);
    const x = zeros([2, 3], { device: 'webgpu' });
    const view = x.expand(n, 2, 3);
    const wide = grab(() => view.contiguous());
    expect(wide.message).toMatch(/^Copy\(x float32 \[\d+,2,3\]\): cannot allocate \d+ bytes/);
    view.dispose();
    x.dispose();
    expect(gpu.memory()).toEqual(before);
  });

  it('a validation error of recorded work is a GpuValidationError naming the labelled objects', async () => {
    const gpu = getBackend('webgpu') as WebGpuBackend;
    const gone = gpu.gpu.createBuffer({ size: 256, usage: 0x80, label: 'a destroyed buffer' });
    gone.destroy();
    const wgsl = (): string => '@group(0) @binding(0) var<storage, read_write> o: array<f32>;\n@group(0) @binding(1) var<storage, read> prm: array<i32>;\n@compute @workgroup_size(1) fn main() { o[0] = f32(prm[0]); }';
    gpu.dispatch({ key: 'test:destroyed-binding', kernel: 'UsesDestroyed', wgsl }, [gone], [1], [1, 1, 1]);
    const err = await gpu.sync().then(() => null, (e: unknown) => e as Error);
    expect(err).toBeInstanceOf(GpuValidationError);
    expect(err!.message).toContain('webgpu:0: WebGPU validation error');
    expect(err!.message).toContain('a destroyed buffer');
    await expect(gpu.sync()).resolves.toBeUndefined();
  });
});
