import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { crossEntropy, DataLoader, Generator, seedEverything, type Tensor } from '@flint/core';
import { Callback, CallbackError, EarlyStopping, ModelCheckpoint, Trainer, type TrainerEvent } from '../src/index.js';
import { Mlp, loaders, teacherData, type Batch } from './fixtures.js';

const base = { accelerator: 'cpu', enableProgressBar: false, enableModelSummary: false } as const;

/** The MLP with a fault at global step 29 (the 30th step): a NaN loss, or a throw. */
class FaultyMlp extends Mlp {
  constructor(private readonly fault: 'nan' | 'throw') {
    super(0.1, 0);
  }

  override trainingStep([x, y]: Batch): Tensor {
    if (this.globalStep === 29 && this.fault === 'throw') throw new Error('data pipeline broke at step 30');
    let loss = crossEntropy(this.forward(x), y);
    if (this.globalStep === 29) loss = loss.mul(NaN);
    this.log('train_loss', loss);
    return loss;
  }
}

/** Counts every onException it gets. */
class ExceptionCounter extends Callback {
  readonly errors: unknown[] = [];
  constructor(readonly label: string) {
    super();
  }
  override get name(): string {
    return this.label;
  }
  override onException(_v: unknown, _m: unknown, e: unknown): void {
    this.errors.push(e);
  }
}

const trainLoader = (): DataLoader<Tensor[], Batch> =>
  new DataLoader(teacherData(256, 8, 3, 1), { batchSize: 16, shuffle: true, generator: new Generator(4) }) as unknown as DataLoader<Tensor[], Batch>;

/** A user's seeded script: seedEverything, then model and data, then fit with the same seed. */
async function curve(seed: number): Promise<number[]> {
  seedEverything(seed);
  const model = new Mlp(0.1, 0.3);
  const { train, val } = loaders({ shuffle: true });
  const trainer = new Trainer({ ...base, seed, maxSteps: 24, logger: false, enableCheckpointing: false });
  const losses: number[] = [];
  trainer.events$.subscribe((e) => e.type === 'batchEnd' && e.stage === 'train' && losses.push(e.loss!));
  await trainer.fit(model, train, val);
  return losses;
}

describe('reproducibility and failures', () => {
  it('two runs with one seed give bit-identical loss curves (shuffle, dropout); another seed does not', async () => {
    const a = await curve(42);
    const b = await curve(42);
    expect(a).toHaveLength(24);
    expect(b).toEqual(a);
    expect(await curve(43)).not.toEqual(a);
  });

  it('a NaN loss at step 30 with EarlyStopping({ checkFinite }) stops the run naming the metric and value; loggers finalize', async () => {
    const root = mkdtempSync(join(tmpdir(), 'flint-nan-'));
    const es = new EarlyStopping({ monitor: 'train_loss', checkFinite: true, patience: 1000 });
    const counter = new ExceptionCounter('counter');
    const trainer = new Trainer({ ...base, maxEpochs: 10, valCheckInterval: 0.125, defaultRootDir: root, logEveryNSteps: 1, callbacks: [es, counter] });
    const ends: TrainerEvent[] = [];
    trainer.events$.subscribe((e) => e.type === 'fitEnd' && ends.push(e));
    await trainer.fit(new FaultyMlp('nan'), trainLoader(), loaders().val);
    expect(trainer.globalStep).toBe(30);
    expect(es.stoppedReason).toMatch(/^Monitored metric train_loss = NaN is not finite/);
    expect(trainer.state.stopReason).toBe(es.stoppedReason);
    expect(ends).toEqual([{ type: 'fitEnd', epoch: 2, globalStep: 30, status: 'stopped' }]);
    expect(counter.errors).toEqual([]);
    const rows = readFileSync(join(trainer.logDir, 'metrics.csv'), 'utf8').trim().split('\n');
    const header = rows[0].split(',');
    const last = rows.filter((r) => r.split(',')[header.indexOf('train_loss')] !== '').pop()!.split(',');
    expect(last[header.indexOf('step')]).toBe('29');
    expect(last[header.indexOf('train_loss')]).toBe('NaN');
  });

  it("a throw at step 30: fit rejects with it, every callback's onException runs once, loggers finalize, the last checkpoint stays", async () => {
    const root = mkdtempSync(join(tmpdir(), 'flint-throw-'));
    const counters = [new ExceptionCounter('first'), new ExceptionCounter('second')];
    const ckpt = new ModelCheckpoint({ dirpath: join(root, 'ckpts'), everyNTrainSteps: 10, saveLast: true });
    const trainer = new Trainer({ ...base, maxEpochs: 10, defaultRootDir: root, logEveryNSteps: 1, callbacks: [...counters, ckpt] });
    const events: string[] = [];
    trainer.events$.subscribe((e) => (e.type === 'exception' || e.type === 'fitEnd') && events.push(e.type === 'fitEnd' ? `fitEnd:${e.status}` : e.type));
    const err = await trainer.fit(new FaultyMlp('throw'), trainLoader(), null).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(err).not.toBeInstanceOf(CallbackError);
    expect((err as Error).message).toBe('data pipeline broke at step 30');
    for (const c of counters) expect(c.errors).toEqual([err]);
    expect(events).toEqual(['exception', 'fitEnd:failed']);
    const state = JSON.parse(readFileSync(join(root, 'ckpts', 'last', 'state.json'), 'utf8'));
    expect(state.globalStep).toBe(20);
    const rows = readFileSync(join(trainer.logDir, 'metrics.csv'), 'utf8').trim().split('\n');
    expect(rows.at(-1)!.split(',')[rows[0].split(',').indexOf('step')]).toBe('28');
  });
});
