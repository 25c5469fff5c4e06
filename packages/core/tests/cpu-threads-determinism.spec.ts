import { describe, expect, it } from 'vitest';
import { Conv2d, CrossEntropyLoss, Flatten, Linear, MaxPool2d, ReLU, SGD, Sequential, manualSeed, rand, randint, tidy } from '../src/index.js';
import { getNumThreads, setCpuThreads, splitGemmJobs } from '../src/cpu/wasm/cpu-threads.js';
import { setNumThreads } from '../src/cpu/wasm/node/node-cpu-threads.js';
import { FlintError } from '../src/tensor/errors.js';

const lenet5 = (): Sequential =>
  new Sequential(
    new Conv2d(1, 6, 5, { padding: 2 }), new ReLU(), new MaxPool2d(2),
    new Conv2d(6, 16, 5), new ReLU(), new MaxPool2d(2), new Flatten(),
    new Linear(400, 120), new ReLU(), new Linear(120, 84), new ReLU(), new Linear(84, 10),
  );

/** 50 SGD steps of LeNet-5 on fixed random data; returns every parameter's final values and the pool's split jobs. */
async function train(threads: number): Promise<{ params: Float32Array[]; losses: number[]; jobs: number }> {
  setNumThreads(threads);
  manualSeed(1234);
  const model = lenet5();
  const optimizer = new SGD(model.parameters(), { lr: 0.05, momentum: 0.9 });
  const lossFn = new CrossEntropyLoss();
  const x = rand([32, 1, 28, 28]);
  const y = randint(0, 10, [32]);
  const losses: number[] = [];
  for (let step = 0; step < 50; step++) {
    optimizer.zeroGrad();
    const loss = tidy(() => {
      const l = lossFn.call(model.call(x), y);
      l.backward();
      return l.detach();
    });
    optimizer.step();
    losses.push(await loss.item());
    loss.dispose();
  }
  const params = await Promise.all(model.parameters().map(async (p) => (await p.data()) as Float32Array));
  const jobs = splitGemmJobs();
  optimizer.dispose();
  for (const p of model.parameters()) p.dispose();
  x.dispose();
  y.dispose();
  setNumThreads(1);
  return { params, losses, jobs };
}

describe('intra-op threads', () => {
  it('50 LeNet-5 training steps are bit-identical on 1, 2 and 4 threads', async () => {
    const one = await train(1);
    expect(one.jobs).toBe(0);
    expect(one.losses[49]).toBeLessThan(one.losses[0]);
    for (const threads of [2, 4]) {
      const run = await train(threads);
      // The pool really split products between threads.
      expect(run.jobs).toBeGreaterThan(100);
      expect(run.losses).toEqual(one.losses);
      run.params.forEach((p, i) => expect(Buffer.from(p.buffer, p.byteOffset, p.byteLength).equals(Buffer.from(one.params[i].buffer, one.params[i].byteOffset, one.params[i].byteLength)), `parameter ${i}, ${threads} threads`).toBe(true));
    }
  });

  it('rejects a thread count outside 1..64, and more than one thread without a host', () => {
    expect(() => setCpuThreads(0)).toThrow(FlintError);
    expect(() => setCpuThreads(65)).toThrow(/setNumThreads: thread count must be an integer in 1\.\.64, got 65/);
    expect(() => setCpuThreads(2, null)).toThrow(/setNumThreads\(2\): no thread host/);
    expect(getNumThreads()).toBe(1);
  });
});
