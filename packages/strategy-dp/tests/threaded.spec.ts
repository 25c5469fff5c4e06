import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { Generator, SGD, crossEntropy, manualSeed, randint, randn, tidy, type Module, type Tensor } from '@flint/core';
import { ThreadedDataParallel, ReplicaThreadError } from '../src/node/index.js';
import { lenet } from './fixtures/models.js';
import { snapshot, traceDiff, trainSteps, type TrainTrace } from './fixtures/train.js';

const MODELS = new URL('./fixtures/models.ts', import.meta.url);
const STEPS = 5;
const open: ThreadedDataParallel[] = [];
afterAll(() => Promise.all(open.map((d) => d.close())));

function wrap(m: Module, threads: number, exportName = 'lenet'): ThreadedDataParallel {
  const dp = ThreadedDataParallel.create(m as Module<[Tensor], Tensor>, { threads, replica: { module: MODELS, exportName } });
  open.push(dp);
  return dp;
}

/** `forwardAsync` (blocking: false) or the synchronous `call` (blocking: true), then backward and finishBackward. */
async function trainThreaded(m: Module, dp: ThreadedDataParallel, x: Tensor, y: Tensor, blocking: boolean): Promise<TrainTrace> {
  const opt = new SGD(m.parameters(), { lr: 0.01 });
  const grads: Record<string, Float32Array>[] = [];
  const losses: number[] = [];
  for (let s = 0; s < STEPS; s++) {
    opt.zeroGrad();
    const out = blocking ? null : await dp.forwardAsync(x);
    losses.push(tidy(() => {
      const loss = crossEntropy(out ?? dp.call(x), y);
      loss.backward();
      return loss.dataSync()[0];
    }));
    await dp.finishBackward();
    grads.push(snapshot([...m.namedParameters()].map(([k, p]): [string, Tensor] => [k, p.grad!])));
    opt.step();
  }
  return { grads, final: snapshot(m.namedParameters()), losses };
}

describe('ThreadedDataParallel: replicas on worker threads', () => {
  const gen = new Generator(8);
  const x = randn([6, 1, 28, 28], { generator: gen });
  const y = randint(0, 10, [6], { generator: gen });
  const build = (): Module => {
    manualSeed(4);
    return lenet();
  };
  const single = build();
  const reference = trainSteps(single, (b) => single.call(b), x, y, STEPS);

  for (const [threads, blocking] of [[2, true], [3, true], [2, false], [3, false]] as const) {
    it(`LeNet on ${threads} threads, ${blocking ? 'dp.call (blocking)' : 'forwardAsync'}: same gradients and parameters as one device (rel 1e-5)`, async () => {
      const m = build();
      const got = await trainThreaded(m, wrap(m, threads), x, y, blocking);
      const d = traceDiff(got, reference);
      expect(d.grads).toBeLessThan(1e-5);
      expect(d.params).toBeLessThan(1e-5);
    });
  }

  it('names the thread and the problem when the replica module cannot be built', async () => {
    const m = build();
    await expect(wrap(m, 2, 'nope').forwardAsync(x)).rejects.toThrow(ReplicaThreadError);
    await expect(wrap(m, 2, 'bnNet').forwardAsync(x)).rejects.toThrow(/DataParallel replica 1 \(thread\): TypeError: the replica module built by bnNet\(\) has tensors \[0\.weight/);
    expect(() => wrap(m, 2, 'nope').call(x)).toThrow(ReplicaThreadError);
  });

  it('a script that never calls close() still exits once its work is done', () => {
    const script = fileURLToPath(new URL('./fixtures/threaded-exit-main.ts', import.meta.url));
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--conditions=@flint/source', script], { encoding: 'utf8', timeout: 50_000 });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('grad 6x1x5x5');
  });
});
