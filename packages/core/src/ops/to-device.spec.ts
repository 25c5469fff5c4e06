import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../cpu/cpu-backend.js';
import { registerBackend } from '../backend/devices.js';
import { DeviceError } from '../tensor/errors.js';
import { memory } from '../tensor/memory.js';
import { Linear } from '../nn/layers/linear.js';
import { SGD } from '../optim/sgd.js';
import { tensor } from './creation.js';
import { add, mul } from './binary.js';
import { sum } from './reduce.js';
import { toDevice } from './to-device.js';

/** A real second device: a CPU backend instance registered under another name. */
class OtherCpu extends CpuBackend {
  override readonly device = 'other:0';
}
registerBackend(new OtherCpu());

describe('to(device)', () => {
  it('returns a new tensor on the other device, and the same tensor when already there', async () => {
    const x = tensor([[1, 2], [3, 4]]);
    expect(x.to('cpu')).toBe(x);
    const y = x.transpose(0, 1).to('other:0');
    expect(y).not.toBe(x);
    expect(y.device).toBe('other:0');
    expect(x.device).toBe('cpu');
    expect(await y.toArray()).toEqual([[1, 3], [2, 4]]);
    expect((await toDevice(y, 'cpu')).device).toBe('cpu');
  });

  it('keeps operands on one device: mixing is a DeviceError naming both', () => {
    const x = tensor([1, 2]);
    expect(() => add(x, x.to('other:0'))).toThrow(DeviceError);
    expect(() => add(x, x.to('other:0'))).toThrow(/cpu and other:0/);
  });

  it('lets gradients flow back to the source device', async () => {
    const w = tensor([1, 2, 3], { requiresGrad: true });
    sum(mul(w.to('other:0'), 2)).backward();
    expect(w.grad!.device).toBe('cpu');
    expect(await w.grad!.toArray()).toEqual([2, 2, 2]);
  });

  it('module.to moves parameters in place: same objects, optimizer still works, no leak', async () => {
    const layer = new Linear(3, 2);
    const before = layer.weight;
    const values = await layer.weight.toArray();
    const opt = new SGD(layer.parameters(), { lr: 0.1 });
    const buffers = memory().buffers;
    layer.to('other:0');
    expect(layer.weight).toBe(before);
    expect(layer.weight.device).toBe('other:0');
    expect(await layer.weight.toArray()).toEqual(values);
    expect(memory().buffers).toBe(buffers);
    const loss = sum(layer.call(tensor([[1, 1, 1]], { device: 'other:0' })));
    loss.backward();
    opt.step();
    expect(layer.weight.device).toBe('other:0');
    expect((await layer.weight.data())[0]).toBeCloseTo((values as number[][])[0][0] - 0.1, 6);
  });
});
