import { describe, expect, it } from 'vitest';
import { manualSeed, memory } from '@flint/core';
import { EarlyStopping, Trainer } from '../src/index.js';
import { Mlp, loaders } from './fixtures.js';

describe('live buffers over a long fit', () => {
  it('200 steps with validation, clipping and callbacks: the live-buffer count stays flat', async () => {
    manualSeed(0);
    const { train, val } = loaders();
    const trainer = new Trainer({
      accelerator: 'cpu',
      maxSteps: 200,
      gradientClipVal: 0.5,
      logger: false,
      enableCheckpointing: false,
      enableProgressBar: false,
      enableModelSummary: false,
      callbacks: [new EarlyStopping({ monitor: 'val_loss', patience: 1000 })],
    });
    const buffers: number[] = [];
    trainer.events$.subscribe((e) => e.type === 'batchEnd' && e.stage === 'train' && buffers.push(memory().buffers));
    await trainer.fit(new Mlp(0.1, 0.2), train, val);
    expect(buffers).toHaveLength(200);
    // Every step (8 per epoch) sees the same count as the same step of the second epoch.
    for (let i = 16; i < 200; i++) expect(buffers[i], `step ${i + 1}`).toBeLessThanOrEqual(Math.max(...buffers.slice(8, 16)));
  });
});
