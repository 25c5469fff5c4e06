import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { manualSeed } from '@flint/core';
import { CheckpointCorruptError, ModelCheckpoint, Trainer } from '../src/index.js';
import { Mlp, loaders } from './fixtures.js';
import { editState } from './forge-checkpoint.js';

const base = { accelerator: 'cpu', enableProgressBar: false, enableModelSummary: false, logger: false, enableCheckpointing: false } as const;

const weights = async (m: Mlp): Promise<number[]> => {
  const out: number[] = [];
  for (const p of m.parameters()) out.push(...(await p.data()));
  return out;
};

type State = Record<string, unknown> & { optimizers: Array<{ param_groups: Array<Record<string, unknown>> }> };

/** Each forged state.json and the field its CheckpointCorruptError must name. */
const cases: Array<[string, (s: State) => void, RegExp]> = [
  ['globalStep "abc"', (s) => void (s.globalStep = 'abc'), /field globalStep must be a non-negative integer, got "abc"/],
  ['globalStep null', (s) => void (s.globalStep = null), /field globalStep must be a non-negative integer, got null/],
  ['epoch -1', (s) => void (s.epoch = -1), /field epoch must be a non-negative integer, got -1/],
  ['batchIdx 1e9', (s) => void (s.batchIdx = 1e9), /field batchIdx 1000000000 is past the 8 training batches of epoch 0/],
  ['formatVersion 999', (s) => void (s.formatVersion = 999), /field formatVersion 999 is not supported/],
  ['rng null', (s) => void (s.rng = null), /field rng must be an object, got null/],
  ['loaderRng.offset "x"', (s) => void (s.loaderRng = { seed: 1, offset: 'x' }), /field loaderRng\.offset must be a non-negative integer/],
  ['optimizers null', (s) => void (s.optimizers = null as never), /field optimizers must be a list, got null/],
  ['two optimizers', (s) => void s.optimizers.push(s.optimizers[0]), /field optimizers has 2 optimizer\(s\), configureOptimizers returned 1/],
  ['lr "abc"', (s) => void (s.optimizers[0].param_groups[0].lr = 'abc'), /field optimizers\[0\]\.param_groups\[0\]\.lr must be a finite number, got "abc"/],
  ['lr -1', (s) => void (s.optimizers[0].param_groups[0].lr = -1), /field optimizers\[0\]\.param_groups\[0\]\.lr must not be negative/],
  ['params [0,0,0,0]', (s) => void (s.optimizers[0].param_groups[0].params = [0, 0, 0, 0]), /field optimizers\[0\]\.param_groups\[0\]\.params\[1\] 0 is used twice/],
  ['params [0,1,2,9]', (s) => void (s.optimizers[0].param_groups[0].params = [0, 1, 2, 9]), /params\[3\] 9 is not below the 4 parameters/],
  ['params of 3', (s) => void (s.optimizers[0].param_groups[0].params = [0, 1, 2]), /params lists 3 parameters, SGD's group has 4/],
  ['scalars.7', (s) => void ((s.optimizers[0] as Record<string, unknown>).scalars = { 7: { step: 1 } }), /field optimizers\[0\]\.scalars\.7 names no parameter/],
  ['callbacks null', (s) => void (s.callbacks = null), /field callbacks must be an object, got null/],
  ['ModelCheckpoint.kept "x"', (s) => void ((s.callbacks as Record<string, Record<string, unknown>>).ModelCheckpoint.kept = 'x'), /callbacks\.ModelCheckpoint\.kept must be a list/],
  ['hparams []', (s) => void (s.hparams = []), /field hparams must be an object, got \[\]/],
];

describe('state.json is validated before the model is touched', () => {
  let good: string;
  beforeAll(async () => {
    good = join(mkdtempSync(join(tmpdir(), 'flint-schema-')), 'ckpt');
    manualSeed(0);
    const cb = new ModelCheckpoint({ dirpath: good, everyNTrainSteps: 3, filename: 'x' });
    await new Trainer({ ...base, enableCheckpointing: true, maxSteps: 3, callbacks: [cb] }).fit(new Mlp(), loaders().train, null);
    good = join(good, 'x');
  });

  it.each(cases)('%s: CheckpointCorruptError naming state.json and the field; weights untouched', async (_label, edit, message) => {
    const dir = join(mkdtempSync(join(tmpdir(), 'flint-schema-')), 'x');
    cpSync(good, dir, { recursive: true });
    editState(dir, edit as (s: Record<string, unknown>) => void);
    manualSeed(1);
    const model = new Mlp();
    const before = await weights(model);
    const cb = new ModelCheckpoint({ dirpath: join(dir, '..'), everyNTrainSteps: 100 });
    const err = await new Trainer({ ...base, maxSteps: 5, callbacks: [cb], enableCheckpointing: true }).fit(model, loaders().train, null, { ckptPath: dir }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CheckpointCorruptError);
    expect((err as CheckpointCorruptError).file).toBe(join(dir, 'state.json'));
    expect((err as Error).message).toMatch(message);
    if (!/batchIdx/.test(_label)) expect(await weights(model)).toEqual(before);
  });

  it('the unedited checkpoint resumes', async () => {
    const model = new Mlp();
    const trainer = new Trainer({ ...base, maxSteps: 5 });
    await trainer.fit(model, loaders().train, null, { ckptPath: good });
    expect(trainer.globalStep).toBe(5);
  });
});
