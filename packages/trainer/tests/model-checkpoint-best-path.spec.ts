import { describe, expect, it } from 'vitest';
import { manualSeed } from '@flint/core';
import { MemoryFileSystem, ModelCheckpoint, Trainer } from '../src/index.js';
import { Mlp, loaders } from './fixtures.js';

interface SavedState {
  readonly callbacks: { readonly ModelCheckpoint: { readonly bestModelPath: string } };
}

describe('ModelCheckpoint state in the checkpoint it writes', () => {
  it("each checkpoint's state.json names the best checkpoint as of that save, itself included", async () => {
    manualSeed(0);
    const fs = new MemoryFileSystem();
    const saved: { path: string; valLoss: number }[] = [];
    const ckpt = new ModelCheckpoint({ dirpath: 'ckpts', monitor: 'val_loss', mode: 'min', saveTopK: -1, filename: '{epoch}' });
    const trainer = new Trainer({
      accelerator: 'cpu', maxEpochs: 4, numSanityValSteps: 0, fs, logger: false,
      enableProgressBar: false, enableModelSummary: false, callbacks: [ckpt],
    });
    trainer.events$.subscribe((e) => e.type === 'checkpointSaved' && e.monitor && saved.push({ path: e.path, valLoss: e.monitor.value }));
    const { train, val } = loaders();
    await trainer.fit(new Mlp(0.1), train, val);

    expect(saved.map((s) => s.path)).toEqual(['ckpts/epoch=0', 'ckpts/epoch=1', 'ckpts/epoch=2', 'ckpts/epoch=3']);
    for (let i = 0; i < saved.length; i++) {
      const bestSoFar = saved.slice(0, i + 1).reduce((a, b) => (b.valLoss < a.valLoss ? b : a));
      const state = JSON.parse(await fs.readText(`${saved[i].path}/state.json`)) as SavedState;
      expect(state.callbacks.ModelCheckpoint.bestModelPath, `state.json of ${saved[i].path}`).toBe(bestSoFar.path);
    }
    // and the newest one names what the callback itself ends with
    const newest = JSON.parse(await fs.readText('ckpts/epoch=3/state.json')) as SavedState;
    expect(newest.callbacks.ModelCheckpoint.bestModelPath).toBe(ckpt.bestModelPath);
  });
});
