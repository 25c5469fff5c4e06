import { describe, expect, it } from 'vitest';
import { crossEntropy, embedding, gather, getBackend, indexSelect, tensor, type Tensor } from '@flint/core';
import type { WebGpuBackend } from '../src/index.js';
import { webgpuReady } from './webgpu-available.js';

const ready = await webgpuReady();

/** The message the CPU backend throws at the op. */
function cpuMessage(fn: (device: string) => Tensor): string {
  try {
    fn('cpu').dispose();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('the CPU accepted the index');
}

/** The error the WebGPU backend raises when the result is read. */
async function gpuError(fn: (device: string) => Tensor): Promise<Error> {
  const y = fn('webgpu');
  try {
    await y.toArray();
  } catch (e) {
    return e as Error;
  } finally {
    y.dispose();
  }
  throw new Error('webgpu read an out-of-range index without an error');
}

const x = (device: string): Tensor => tensor([[1, 2, 3, 4], [5, 6, 7, 8]], { device });
const ints = (v: number[] | number[][], device: string): Tensor => tensor(v, { dtype: 'int32', device });

describe.skipIf(!ready)('out-of-range indices on webgpu:0', () => {
  it('gather: a RangeError at the next read, with the CPU message (op, index, dimension, size)', async () => {
    const op = (d: string): Tensor => gather(x(d), 1, ints([[0, 7], [1, 2]], d));
    const err = await gpuError(op);
    expect(err).toBeInstanceOf(RangeError);
    expect(err.message).toBe('gather: index 7 is out of bounds for dimension 1 with size 4');
    expect(err.message).toBe(cpuMessage(op));
  });

  it('gather: a negative index is out of range too', async () => {
    const err = await gpuError((d) => gather(x(d), 0, ints([[0, -1, 0, 0]], d)));
    expect(err.message).toBe('gather: index -1 is out of bounds for dimension 0 with size 2');
  });

  it('indexSelect and embedding name the index and the size', async () => {
    const sel = (d: string): Tensor => indexSelect(x(d), 1, ints([3, 4], d));
    const err = await gpuError(sel);
    expect(err).toBeInstanceOf(RangeError);
    expect(err.message).toBe(cpuMessage(sel));
    // embedding is index_select on the rows of its weight, which is what the GPU reports.
    const emb = await gpuError((d) => embedding(ints([[0, 10]], d), x(d)));
    expect(emb).toBeInstanceOf(RangeError);
    expect(emb.message).toBe('indexSelect: index 10 is out of bounds for dimension 0 with size 2');
  });

  it('a bad class target in cross entropy is caught, not read as garbage', async () => {
    const logits = tensor([[0.1, 0.2, 0.3], [0.3, 0.2, 0.1]], { device: 'webgpu' });
    const loss = crossEntropy(logits, ints([1, 5], 'webgpu'));
    await expect(loss.item()).rejects.toThrow('gather: index 5 is out of bounds for dimension 1 with size 3');
    loss.dispose();
    logits.dispose();
  });

  it('sync() raises it too; the record is then clear and valid indices read normally', async () => {
    const gpu = getBackend('webgpu') as WebGpuBackend;
    const bad = gather(x('webgpu'), 1, ints([[9], [0]], 'webgpu'));
    await expect(gpu.sync()).rejects.toThrow('gather: index 9 is out of bounds for dimension 1 with size 4');
    await expect(gpu.sync()).resolves.toBeUndefined();
    // The bad element was written as 0, never read from outside the tensor.
    expect(await bad.toArray()).toEqual([[0], [5]]);
    bad.dispose();
    const good = gather(x('webgpu'), 1, ints([[3, 0], [2, 1]], 'webgpu'));
    expect(await good.toArray()).toEqual([[4, 1], [7, 6]]);
    good.dispose();
  });
});
