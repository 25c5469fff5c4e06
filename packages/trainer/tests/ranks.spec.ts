import { afterEach, describe, expect, it } from 'vitest';
import { randint, randn, type Tensor } from '@flint/core';
import { rankZeroOnly, Trainer, type TrainerOptions } from '../src/index.js';
import { Mlp, type Batch } from './fixtures.js';

const base: TrainerOptions = { accelerator: 'cpu', maxSteps: 1, enableProgressBar: false, enableModelSummary: false, enableCheckpointing: false, logger: false };
const data = (): Batch[] => [[randn([4, 8]), randint(0, 3, [4])]];

/** Records what the module sees of its trainer during a step. */
class SeeingMlp extends Mlp {
  seen: { trainer: Trainer; globalRank: number; localRank: number } | undefined;
  override trainingStep(batch: Batch): Tensor {
    this.seen = { trainer: this.trainer, globalRank: this.globalRank, localRank: this.localRank };
    return super.trainingStep(batch);
  }
}

const LAUNCH_VARS = ['RANK', 'WORLD_SIZE', 'LOCAL_RANK', 'LOCAL_WORLD_SIZE', 'MASTER_ADDR', 'MASTER_PORT'] as const;
afterEach(() => {
  for (const k of LAUNCH_VARS) delete process.env[k];
});

describe('ranks on the Trainer and the module', () => {
  it('one device: rank 0 of 1 on both; this.trainer is the running Trainer, and an error outside a run', async () => {
    const t = new Trainer(base);
    const m = new SeeingMlp();
    expect(() => m.trainer).toThrow('SeeingMlp is not attached to a Trainer (this.trainer exists during fit/validate/test/predict)');
    await t.fit(m, data());
    expect(m.seen).toEqual({ trainer: t, globalRank: 0, localRank: 0 });
    expect({ g: t.globalRank, l: t.localRank, n: t.nodeRank, w: t.worldSize, z: t.isGlobalZero }).toEqual({ g: 0, l: 0, n: 0, w: 1, z: true });
    expect(rankZeroOnly(() => 'ran')()).toBe('ran');
  });

  it("before a run the ranks come from the launcher's variables", () => {
    Object.assign(process.env, { RANK: '3', LOCAL_RANK: '1', WORLD_SIZE: '4' });
    const t = new Trainer(base);
    expect({ g: t.globalRank, l: t.localRank, w: t.worldSize, z: t.isGlobalZero }).toEqual({ g: 3, l: 1, w: 4, z: false });
    // (rankZeroOnly on ranks 1-3 of a real DDP run: ddp-module-data.spec.ts)
  });

  it("devices that disagree with a launched job fail on that rank naming both numbers, before the process group starts", async () => {
    // What `flint run --nproc-per-node 2` sets for its rank 0, with `devices: 4` in the script.
    Object.assign(process.env, { RANK: '0', LOCAL_RANK: '0', WORLD_SIZE: '2', LOCAL_WORLD_SIZE: '2', MASTER_ADDR: '127.0.0.1', MASTER_PORT: '1' });
    const err = await new Trainer({ ...base, strategy: 'ddp', devices: 4 }).fit(new Mlp(), data()).catch((e: unknown) => e);
    expect((err as Error).name).toBe('LaunchedDevicesError');
    expect((err as Error).message).toBe(
      "strategy 'ddp': devices is 4 but the launcher (torchrun variables) started 2 rank(s) on this machine; make them agree: devices: 2, or launch 4 per machine (flint run --nproc-per-node 4)",
    );
  });

  it('an unknown process group backend is an error listing the valid ones, before any rank is launched', async () => {
    const err = await new Trainer({ ...base, strategy: 'ddp', devices: 2, strategyOptions: { backend: 'nccl' } }).fit(new Mlp(), data()).catch((e: unknown) => e);
    expect((err as Error).name).toBe('ProcessGroupError');
    expect((err as Error).message).toBe(`strategy 'ddp': unknown process group backend "nccl"; valid backends: 'tcp', 'shm'`);
  });
});
