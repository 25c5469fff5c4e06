import { describe, it, expect } from 'vitest';
import { DTypeError, Linear, Module, Sequential, fromValues, mseLoss, parameter, zeros, type Collective, type Tensor } from '@flint/core';
import { createProcessGroup } from '../init-process-group.js';
import { createShmSegment } from '../shm/shm-segment.js';
import { freePort } from '../launch/free-port.js';
import { DistributedDataParallel } from './distributed-data-parallel.js';
import { STEPS, trainDdp, trainSingle } from '../../tests/fixtures/mlp-train.js';

async function groups(kind: 'shm' | 'tcp', w: number): Promise<Collective[]> {
  if (kind === 'shm') {
    const shm = createShmSegment(w, { timeoutMs: 10_000 });
    return Promise.all(Array.from({ length: w }, (_, rank) => createProcessGroup({ backend: 'shm', shm, rank })));
  }
  const port = await freePort();
  return Promise.all(
    Array.from({ length: w }, (_, rank) => createProcessGroup({ backend: 'tcp', initMethod: `tcp://127.0.0.1:${port}`, rank, worldSize: w, timeoutMs: 10_000 })),
  );
}

function maxRelDiff(a: Float32Array, b: Float32Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]) / Math.max(1e-3, Math.abs(b[i])));
  return m;
}

describe('DistributedDataParallel', () => {
  for (const kind of ['shm', 'tcp'] as const) {
    for (const w of [2, 4]) {
      it(`${w} ranks over ${kind} train the MLP like one device on the global batch, in lockstep`, async () => {
        const gs = await groups(kind, w);
        const perStep: Float32Array[][] = Array.from({ length: STEPS }, () => []);
        const finals = await Promise.all(gs.map((g) => trainDdp(g, (s, p) => (perStep[s][g.rank] = p))));
        for (const step of perStep) for (const p of step) expect(Buffer.from(p.buffer).equals(Buffer.from(step[0].buffer))).toBe(true);
        expect(maxRelDiff(finals[0], trainSingle())).toBeLessThan(1e-5);
        await Promise.all(gs.map((g) => g.destroy()));
      });
    }
  }

  it('over a Collective that is not a ProcessGroup (no communication thread) trains the same, in lockstep', async () => {
    const gs = await groups('shm', 2);
    // Only the Collective interface: DDP reduces on the caller's thread through allReduce.
    const plain = gs.map((g): Collective => ({
      rank: g.rank,
      worldSize: g.worldSize,
      allReduce: (t, op) => g.allReduce(t, op),
      broadcast: (t, src) => g.broadcast(t, src),
      allGather: (t) => g.allGather(t),
      reduceScatter: (o, i, op) => g.reduceScatter(o, i, op),
      barrier: () => g.barrier(),
      destroy: () => g.destroy(),
    }));
    const finals = await Promise.all(plain.map((g) => trainDdp(g)));
    expect(Buffer.from(finals[0].buffer).equals(Buffer.from(finals[1].buffer))).toBe(true);
    expect(maxRelDiff(finals[0], trainSingle())).toBeLessThan(1e-5);
    await Promise.all(plain.map((g) => g.destroy()));
  });

  it('rejects parameters that are not float32, naming them', async () => {
    const [g] = await groups('shm', 1);
    class Mixed extends Module {
      readonly lin = new Linear(2, 2);
      readonly scale = parameter(zeros([2], { dtype: 'float64' }));
      forward(x: Tensor): Tensor {
        return this.lin.call(x);
      }
    }
    expect(() => new DistributedDataParallel(new Mixed(), { processGroup: g })).toThrow(DTypeError);
    expect(() => new DistributedDataParallel(new Mixed(), { processGroup: g })).toThrow(/not: module\.scale \(float64\)$/);
  });

  it("buckets gradients in reverse parameter order and keeps PyTorch's module. prefix", async () => {
    const [g] = await groups('shm', 1);
    const ddp = new DistributedDataParallel(new Sequential(new Linear(4, 3), new Linear(3, 2)), { processGroup: g, firstBucketCapMb: 0 });
    expect(ddp.bucketNames).toEqual([['module.1.bias'], ['module.1.weight', 'module.0.bias', 'module.0.weight']]);
    expect(Object.keys(ddp.stateDict())).toEqual(['module.0.weight', 'module.0.bias', 'module.1.weight', 'module.1.bias']);
  });

  it('names the parameters that got no gradient unless findUnusedParameters', async () => {
    const gs = await groups('shm', 2);
    class TwoHeads extends Sequential {}
    const run = async (g: Collective, find: boolean): Promise<void> => {
      const m = new TwoHeads(new Linear(2, 2), new Linear(2, 2));
      const ddp = new DistributedDataParallel(m, { processGroup: g, findUnusedParameters: find });
      // Only the first layer takes part in the loss.
      ddp.call(fromValues(new Float32Array(4), [2, 2]));
      const l0 = (m as unknown as { 0: Linear })[0];
      mseLoss(l0.call(fromValues(new Float32Array([1, 2, 3, 4]), [2, 2])), fromValues(new Float32Array(4), [2, 2])).backward();
      await ddp.finishGradSync();
    };
    await expect(Promise.all(gs.map((g) => run(g, false)))).rejects.toThrow(/no gradient in this iteration: module\.1\.bias, module\.1\.weight/);
    const gs2 = await groups('shm', 2);
    await Promise.all(gs2.map((g) => run(g, true)));
  });

  it('noSync accumulates locally, the next synchronised backward averages the sum', async () => {
    const gs = await groups('shm', 2);
    const grads = await Promise.all(
      gs.map(async (g) => {
        const m = new Sequential(new Linear(1, 1));
        const ddp = await DistributedDataParallel.create(m, { processGroup: g });
        const step = (): void => mseLoss(ddp.call(fromValues(new Float32Array([g.rank + 1]), [1, 1])), fromValues(new Float32Array([0]), [1, 1])).backward();
        await ddp.noSync(step);
        const local = m.parameters()[0].grad!.dataSync()[0];
        step();
        await ddp.finishGradSync();
        return { local, synced: m.parameters()[0].grad!.dataSync()[0] };
      }),
    );
    expect(grads[0].local).not.toBeCloseTo(grads[1].local, 5);
    expect(grads[0].synced).toBe(grads[1].synced);
    expect(grads[0].synced).toBeCloseTo(grads[0].local + grads[1].local, 4);
  });
});
