import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { randint, randn, type Tensor } from '@flint/core';
import { Trainer, type TrainerOptions } from '../src/index.js';
import { Mlp, type Batch } from './fixtures.js';

process.env['XDG_RUNTIME_DIR'] ??= '/tmp';

const base: TrainerOptions = { maxSteps: 1, enableProgressBar: false, enableModelSummary: false, enableCheckpointing: false, logger: false, reporter: { warn: () => undefined } };
const data = (): Batch[] => [[randn([4, 8]), randint(0, 3, [4])]];

class PredictingMlp extends Mlp {
  devices: string[] = [];
  override predictStep([x]: Batch): Tensor {
    this.devices.push(this.parameters()[0].device);
    return this.forward(x);
  }
}

describe('the model is on the run\'s device for every stage, and back home after dp/ddp', () => {
  it("validate, test and predict without a fit move a CPU model to the trainer's device (webgpu:0)", async () => {
    const t = new Trainer({ ...base, accelerator: 'webgpu' });
    const m = new PredictingMlp();
    const [metrics] = await t.validate(m, data());
    expect(Number.isFinite(metrics['val_loss'])).toBe(true);
    for (const p of m.parameters()) expect(p.device).toBe('webgpu:0');
    await m.toAsync('cpu');
    await t.test(m, data());
    expect(m.parameters()[0].device).toBe('webgpu:0');
    await m.toAsync('cpu');
    const out = (await t.predict(m, data())) as Tensor[];
    expect(m.devices).toEqual(['webgpu:0']);
    expect(out[0].device).toBe('webgpu:0');
  });

  it("validate on webgpu from a checkpoint written by a CPU fit (flint validate --ckpt-path best)", async () => {
    const root = mkdtempSync(join(tmpdir(), 'flint-placement-'));
    const fit = new Trainer({ ...base, accelerator: 'cpu', defaultRootDir: root, enableCheckpointing: true });
    const trained = new Mlp();
    const batch = data();
    await fit.fit(trained, batch);
    const path = fit.checkpointCallback?.bestModelPath ?? '';
    const [onCpu] = await new Trainer({ ...base, accelerator: 'cpu' }).validate(trained, batch);
    const fresh = new Mlp();
    const [onGpu] = await new Trainer({ ...base, accelerator: 'webgpu' }).validate(fresh, batch, { ckptPath: path });
    expect(fresh.parameters()[0].device).toBe('webgpu:0');
    expect(onGpu['val_loss']).toBeCloseTo(onCpu['val_loss'], 5);
  });

  it("strategy 'dp': validate without fit runs on its devices; fit and validate leave the model on the CPU it started on", async () => {
    const t = new Trainer({ ...base, accelerator: 'cpu', strategy: 'dp', devices: 2 });
    const m = new Mlp();
    await t.validate(m, data());
    expect(m.parameters()[0].device).toBe('cpu');
    await t.fit(m, data());
    for (const p of m.parameters()) expect(p.device).toBe('cpu');
    expect(t.globalStep).toBe(1);
  });
});
