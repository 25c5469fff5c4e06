import { describe, expect, it } from 'vitest';
import { manualSeed } from '@flint/core';
import { ConsoleLogger, MemoryFileSystem, MemoryLogger, Trainer } from '../src/index.js';
import { Mlp, loaders } from './fixtures.js';

describe('MemoryLogger and ConsoleLogger (no files: browsers, notebooks)', () => {
  it('keep every logged row in memory and print one line per row, writing nothing to the file system', async () => {
    manualSeed(0);
    const memory = new MemoryLogger();
    const lines: string[] = [];
    const fs = new MemoryFileSystem();
    const trainer = new Trainer({
      accelerator: 'cpu', maxSteps: 4, logEveryNSteps: 1, numSanityValSteps: 0, fs,
      enableProgressBar: false, enableModelSummary: false, enableCheckpointing: false,
      logger: [memory, new ConsoleLogger((l) => lines.push(l))],
    });
    const losses: number[] = [];
    trainer.events$.subscribe((e) => e.type === 'batchEnd' && e.stage === 'train' && e.loss !== undefined && losses.push(e.loss));
    const { train } = loaders();
    await trainer.fit(new Mlp(0.1), train, null);

    expect(memory.hparams).toEqual({ lr: 0.1, dropout: 0 });
    const series = memory.series('train_loss');
    expect(series.map((r) => r.step)).toEqual([0, 1, 2, 3]);
    series.forEach((r, i) => expect(r.value, `step ${i}`).toBeCloseTo(losses[i], 6));
    expect(lines).toHaveLength(memory.rows.length + 1);
    expect(lines[0]).toMatch(/^step 0 epoch 0 train_loss=\d\.\d{4}/);
    expect(lines.at(-1)).toBe('run finished');
    expect([...fs.files.keys()]).toEqual([]);
  });
});
