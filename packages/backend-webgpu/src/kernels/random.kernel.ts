import type { DType, KernelConfig, Shape } from '@flint/core';
import { sizeOf } from '@flint/core';
import { assertSupported } from '../unsupported.js';
import type { WebGpuBackend } from '../webgpu-backend.js';
import { bindings, elementGrid, elementMain, wgslType } from '../wgsl.js';
import { PHILOX_WGSL, drawMeta } from './philox.wgsl.js';

/**
 * RandomUniform, RandomBernoulli and RandomInt: one thread per Philox block writes that block's
 * (up to) four elements. Meta: [blocks, key lo, key hi, offset lo, offset hi, size, a, b].
 * Every conversion is exact (24-bit integers in f32, u32 compare and modulo), so the values equal
 * the CPU's host-made ones bit for bit.
 */
function runDraw(gpu: WebGpuBackend, kernel: string, dtype: DType, shape: Shape, seed: number, offset: number, value: string, ab: [number, number]) {
  const out = gpu.output(dtype, shape);
  const n = sizeOf(shape);
  const blocks = Math.ceil(n / 4);
  const body = `
  let words = drawBlock(i);
  let size = u32(prm[5]);
  for (var k = 0u; k < 4u; k++) {
    let e = i * 4u + k;
    if (e < size) { let w = words[k]; out[e] = ${value}; }
  }`;
  const wgsl = (): string => [bindings([], [['out', dtype]]), PHILOX_WGSL, elementMain(body)].join('\n');
  gpu.dispatch({ key: `${kernel}:${dtype}`, kernel, wgsl }, [out.dataId.buffer], [blocks, ...drawMeta(seed, offset), n, ...ab], elementGrid(blocks));
  return out;
}

export const randomUniformKernel: KernelConfig<'RandomUniform', WebGpuBackend> = {
  name: 'RandomUniform',
  backend: 'webgpu',
  run: (_inputs, { shape, seed, offset }, gpu) =>
    runDraw(gpu, 'RandomUniform', 'float32', shape, seed, offset, 'f32(w & 0xffffffu) * 5.9604644775390625e-8', [0, 0]),
};

export const randomBernoulliKernel: KernelConfig<'RandomBernoulli', WebGpuBackend> = {
  name: 'RandomBernoulli',
  backend: 'webgpu',
  run: (_inputs, { shape, dtype, seed, offset, threshold }, gpu) => {
    assertSupported('RandomBernoulli', dtype);
    const t = wgslType(dtype);
    return runDraw(gpu, 'RandomBernoulli', dtype, shape, seed, offset, `select(${t}(0), ${t}(1), (w & 0xffffffu) < u32(prm[6]))`, [threshold, 0]);
  },
};

export const randomIntKernel: KernelConfig<'RandomInt', WebGpuBackend> = {
  name: 'RandomInt',
  backend: 'webgpu',
  run: (_inputs, { shape, seed, offset, low, high }, gpu) => {
    // range = high - low may be 2^32 (passed as 0): then the word itself is the offset from low.
    const value = 'bitcast<i32>(bitcast<u32>(prm[6]) + select(w % bitcast<u32>(prm[7]), w, prm[7] == 0))';
    return runDraw(gpu, 'RandomInt', 'int32', shape, seed, offset, value, [low | 0, (high - low) | 0]);
  },
};

export const randomKernels = [randomUniformKernel, randomBernoulliKernel, randomIntKernel];
