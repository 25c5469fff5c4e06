import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../cpu/cpu-backend.js';
import { registerBackend } from '../backend/devices.js';
import { DeviceError, DTypeError, ShapeError } from '../tensor/errors.js';
import { tensor } from './creation.js';
import { add, div, eq, gt, logicalAnd, maximum, mul, pow, sub } from './binary.js';
import { sum } from './reduce.js';

/** A second device served by CPU kernels: lets tests cross devices for real. */
class SecondCpu extends CpuBackend {
  override readonly device = 'second:0';
}

describe('binary ops', () => {
  it('broadcast like NumPy and PyTorch', async () => {
    const a = tensor([[1], [2], [3]]);
    const b = tensor([10, 20]);
    expect(await add(a, b).toArray()).toEqual([[11, 21], [12, 22], [13, 23]]);
    expect(await sub(b, 1).toArray()).toEqual([9, 19]);
    expect(await mul(2, b).toArray()).toEqual([20, 40]);
    expect(await pow(a, 2).toArray()).toEqual([[1], [4], [9]]);
  });

  it('reject shapes PyTorch rejects, naming the op and both shapes', () => {
    expect(() => add(tensor([[1, 2, 3]]), tensor([1, 2]))).toThrow(ShapeError);
    expect(() => add(tensor([[1, 2, 3]]), tensor([1, 2]))).toThrow('add: [1,3] and [2] cannot be broadcast');
  });

  it('promote dtypes: int32 with float32 gives float32, integer division is true division', async () => {
    const i = tensor([1, 2, 3], { dtype: 'int32' });
    expect(add(i, 1).dtype).toBe('int32');
    expect(add(i, 0.5).dtype).toBe('float32');
    expect(add(i, tensor([0.5, 0.5, 0.5])).dtype).toBe('float32');
    const q = div(i, 2);
    expect(q.dtype).toBe('float32');
    expect(await q.toArray()).toEqual([0.5, 1, 1.5]);
  });

  it('comparisons give bool; logical ops need bool', async () => {
    const a = tensor([1, 5, 3]);
    const m = gt(a, 2);
    expect(m.dtype).toBe('bool');
    expect(await m.toArray()).toEqual([0, 1, 1]);
    expect(await logicalAnd(m, eq(a, 3)).toArray()).toEqual([0, 0, 1]);
    expect(() => logicalAnd(m, a)).toThrow(DTypeError);
    expect(() => logicalAnd(m, a)).toThrow('logicalAnd: expected bool tensors, got bool and float32');
  });

  it('split the gradient of maximum evenly on ties', async () => {
    const a = tensor([1, 2, 3], { requiresGrad: true });
    const b = tensor([3, 2, 1], { requiresGrad: true });
    sum(maximum(a, b)).backward();
    expect(await a.grad!.toArray()).toEqual([0, 0.5, 1]);
    expect(await b.grad!.toArray()).toEqual([1, 0.5, 0]);
  });

  it('refuse operands on different devices with a DeviceError naming both', () => {
    registerBackend(new SecondCpu());
    const a = tensor([1, 2]);
    const b = tensor([1, 2], { device: 'second:0' });
    expect(b.device).toBe('second:0');
    expect(() => add(a, b)).toThrow(DeviceError);
    expect(() => add(a, b)).toThrow(/cpu and second:0/);
  });
});
