import { describe, expect, it } from 'vitest';
import { ShapeError, tensor } from '@flint/core';
import { registerLogicalCpuDevices } from '../devices/logical-cpu-devices.js';
import { gather } from './gather.js';

registerLogicalCpuDevices(2);

describe('gather', () => {
  it('joins tensors on the output device, through arrays and objects', async () => {
    const a = { logits: tensor([[1, 2]], { device: 'vcpu:0' }), aux: [tensor([1], { device: 'vcpu:0' }), null] };
    const b = { logits: tensor([[3, 4], [5, 6]], { device: 'vcpu:1' }), aux: [tensor([2, 3], { device: 'vcpu:1' }), null] };
    const out = gather([a, b], 'vcpu:1', 0) as typeof a;
    expect(out.logits.device).toBe('vcpu:1');
    expect(await out.logits.toArray()).toEqual([[1, 2], [3, 4], [5, 6]]);
    expect(await out.aux[0]!.toArray()).toEqual([1, 2, 3]);
    expect(out.aux[1]).toBeNull();
  });

  it('stacks scalars into a vector as PyTorch does, and joins along dim 1', async () => {
    const s = gather([tensor(1.5, { device: 'vcpu:0' }), tensor(2.5, { device: 'vcpu:1' })], 'vcpu:0', 0) as ReturnType<typeof tensor>;
    expect(await s.toArray()).toEqual([1.5, 2.5]);
    const c = gather([tensor([[1], [2]], { device: 'vcpu:0' }), tensor([[3], [4]], { device: 'vcpu:1' })], 'vcpu:0', 1) as ReturnType<typeof tensor>;
    expect(await c.toArray()).toEqual([[1, 3], [2, 4]]);
  });

  it('names the output that cannot be gathered', () => {
    expect(() => gather([{ n: 1 }, { n: 2 }], 'vcpu:0', 0)).toThrow('DataParallel: cannot gather output.n: a replica returned a number');
    expect(() => gather([[tensor([1])], [tensor([2]), tensor([3])]], 'vcpu:0', 0)).toThrow('DataParallel: cannot gather output: the replicas returned arrays of different lengths');
    expect(() => gather([tensor([1]), tensor([2])], 'vcpu:0', 1)).toThrow(ShapeError);
    expect(() => gather([tensor([1]), tensor([2])], 'vcpu:0', 1)).toThrow('DataParallel: cannot gather output along dim 1: a replica returned shape [1]');
  });
});
