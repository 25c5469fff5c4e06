import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { manualSeed } from '@flint/core';
import { CSVLogger, JsonlLogger, Trainer } from '@flint/trainer';
import { readRunDirectory, serveDashboard, type DashboardEvent } from '../src/index.js';
import { TinyClassifier, teacherLoader } from './tiny-classifier.js';

async function finishedRun(): Promise<{ runDir: string; losses: Map<number, number> }> {
  manualSeed(0);
  const root = mkdtempSync(join(tmpdir(), 'flint-rundir-'));
  const trainer = new Trainer({ maxEpochs: 2, defaultRootDir: root, accelerator: 'cpu', enableProgressBar: false, enableModelSummary: false, logEveryNSteps: 1, logger: [new CSVLogger(), new JsonlLogger()] });
  const losses = new Map<number, number>();
  trainer.events$.subscribe((e) => {
    if (e.type === 'metrics' && e.metrics['train_loss'] !== undefined) losses.set(e.step, e.metrics['train_loss']);
  });
  await trainer.fit(new TinyClassifier(), teacherLoader());
  return { runDir: trainer.logDir, losses };
}

describe('serveDashboard(runDir): browsing a finished run', () => {
  it('serves the logged rows, hparams, newest checkpoint and status of a run directory', async () => {
    const { runDir, losses } = await finishedRun();
    expect(losses.size).toBe(16);
    const server = await serveDashboard(runDir, { port: 0 });
    try {
      const events = (await (await fetch(`${server.url}history`)).json()) as DashboardEvent[];
      expect(events[0]).toMatchObject({ type: 'fitStart', hparams: { lr: 0.1, hidden: 16 } });
      const rows = events.filter((e) => e.type === 'metrics');
      expect(rows.map((e) => e.step)).toEqual([...losses.keys()]);
      for (const r of rows) expect(r.metrics['train_loss']).toBe(losses.get(r.step));
      expect(events.find((e) => e.type === 'checkpointSaved')).toMatchObject({ epoch: 1, globalStep: 16 });
      expect(events.at(-1)).toMatchObject({ type: 'runEnd', status: 'finished' });
    } finally {
      await server.close();
    }

    // Without the JSONL file, metrics.csv gives the same rows (epoch as its own column).
    rmSync(join(runDir, 'metrics.jsonl'));
    const fromCsv = (await readRunDirectory(runDir)).filter((e) => e.type === 'metrics');
    expect(fromCsv.map((e) => (e.type === 'metrics' ? e.metrics['train_loss'] : NaN))).toEqual([...losses.values()]);
  });

  it('names the directory when it holds no logs, and the file and line of a bad row', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'flint-rundir-'));
    await expect(readRunDirectory(empty)).rejects.toThrow(`${empty} has neither metrics.jsonl nor metrics.csv`);
    mkdirSync(join(empty, 'checkpoints'));
    writeFileSync(join(empty, 'metrics.csv'), 'step,train_loss\n1,0.5\n2,0.4,9\n');
    await expect(readRunDirectory(empty)).rejects.toThrow(`${join(empty, 'metrics.csv')}: line 3: 3 cells, the header has 2`);
  });
});
