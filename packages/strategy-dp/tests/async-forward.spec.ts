import { describe, expect, it } from 'vitest';
import { DeviceError, Generator, SGD, crossEntropy, manualSeed, memory, randint, randn, tidy, to, type Module, type Tensor } from '@flint/core';
import { DataParallel } from '../src/index.js';
import { ASYNC_CPU_KIND, registerAsyncCpuDevices } from './fixtures/async-cpu-devices.js';
import { lenet } from './fixtures/models.js';
import { relDiff, traceDiff, trainSteps, type TrainTrace } from './fixtures/train.js';

registerAsyncCpuDevices(3);
const D = (n: number): string[] => Array.from({ length: n }, (_, i) => `${ASYNC_CPU_KIND}:${i}`);
const STEPS = 5;

const host = async (named: Iterable<[string, Tensor]>): Promise<Record<string, Float32Array>> => {
  const out: Record<string, Float32Array> = {};
  for (const [k, t] of named) out[k] = Float32Array.from(await t.data());
  return out;
};

/** The asynchronous training loop: forwardAsync, loss.backward(), finishBackward, step. */
async function trainAsync(m: Module, dp: DataParallel, x: Tensor, y: Tensor, steps: number): Promise<TrainTrace> {
  const opt = new SGD(m.parameters(), { lr: 0.01 });
  const grads: Record<string, Float32Array>[] = [];
  const losses: number[] = [];
  for (let s = 0; s < steps; s++) {
    opt.zeroGrad();
    const loss = crossEntropy(await dp.forwardAsync(x), y);
    loss.backward();
    await dp.finishBackward();
    losses.push(await loss.item());
    grads.push(await host([...m.namedParameters()].map(([k, p]): [string, Tensor] => [k, p.grad!])));
    opt.step();
  }
  return { grads, final: await host(m.namedParameters()), losses };
}

describe('DataParallel.forwardAsync on devices without synchronous reads (as WebGPU devices are)', () => {
  const gen = new Generator(21);
  const x = randn([6, 1, 28, 28], { generator: gen });
  const y = randint(0, 10, [6], { generator: gen });
  const build = (): Module => {
    manualSeed(9);
    return lenet();
  };
  const single = build();
  const reference = trainSteps(single, (b) => single.call(b), x, y, STEPS);

  for (const [n, outputDevice] of [[2, undefined], [3, undefined], [3, `${ASYNC_CPU_KIND}:2`]] as const) {
    it(`LeNet on ${n} devices${outputDevice ? `, outputs on ${outputDevice}` : ''}: same gradients and parameters as one device (rel 1e-5)`, async () => {
      const m = build().to(D(n)[0]); // from the CPU, which reads synchronously
      for (const p of m.parameters()) expect(p.device).toBe(`${ASYNC_CPU_KIND}:0`);
      const dp = new DataParallel(m, { deviceIds: D(n), outputDevice });
      const trace = await trainAsync(m, dp, to(x, D(n)[0]), to(y, outputDevice ?? D(n)[0]), STEPS);
      const d = traceDiff(trace, reference);
      expect(d.grads).toBeLessThan(1e-5);
      expect(d.params).toBeLessThan(1e-5);
      expect(relDiff(Float32Array.from(trace.losses), Float32Array.from(reference.losses))).toBeLessThan(1e-5);
    });
  }

  it('the synchronous forward refuses such devices with a DeviceError that says what to call', async () => {
    const m = build().to(D(2)[0]);
    const dp = new DataParallel(m, { deviceIds: D(2) });
    const xa = to(x, D(2)[0]);
    expect(() => dp.call(xa)).toThrow(DeviceError);
    expect(() => dp.call(xa)).toThrow('DataParallel: acpu:0 reads asynchronously, so a synchronous forward cannot copy tensors to and from it; use await dp.forwardAsync(...inputs), and after loss.backward() await dp.finishBackward()');
    expect(() => (m.parameters()[0] as Tensor).dataSync()).toThrow(); // the fixture device really refuses sync reads
  });

  it('frees what a step made: the live buffer count stays flat', async () => {
    const m = build().to(D(3)[0]);
    const dp = new DataParallel(m, { deviceIds: D(3) });
    const [xa, ya] = [to(x, D(3)[0]), to(y, D(3)[0])];
    const step = async (): Promise<void> => {
      const out = await dp.forwardAsync(xa);
      tidy(() => crossEntropy(out, ya).backward());
      await dp.finishBackward();
      out.dispose();
      m.zeroGrad();
    };
    await step();
    const before = memory().buffers;
    for (let i = 0; i < 10; i++) await step();
    expect(memory().buffers).toBe(before);
  });
});
