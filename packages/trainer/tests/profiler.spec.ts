import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { manualSeed } from '@flint/core';
import { Profiler, Trainer, type ProfilerSummary } from '../src/index.js';
import { Mlp, loaders } from './fixtures.js';

interface TraceFile {
  traceEvents: { name: string; ph: string; ts: number; dur?: number; cat?: string; tid: number }[];
  displayTimeUnit: string;
}

const opts = (root: string) => ({ maxEpochs: 2, defaultRootDir: root, accelerator: 'cpu', enableProgressBar: false, enableModelSummary: false });

describe("Trainer({ profiler })", () => {
  it("'simple' times each hook per callback and module and each loop phase, prints the table, writes JSON and a Chrome trace", async () => {
    manualSeed(0);
    const root = mkdtempSync(join(tmpdir(), 'flint-profiler-'));
    const printed: string[] = [];
    const profiler = new Profiler('simple', { print: (t) => printed.push(t) });
    const trainer = new Trainer({ ...opts(root), profiler });
    expect(trainer.profiler).toBe(profiler);
    const { train, val } = loaders();
    await trainer.fit(new Mlp(), train, val);

    const s = profiler.lastSummary as ProfilerSummary;
    const count = (a: string): number | undefined => s.actions.find((x) => x.action === a)?.count;
    expect(count('run_training_epoch')).toBe(2);
    expect(count('run_training_batch')).toBe(16);
    expect(count('run_sanity')).toBe(1);
    expect(count('run_validate')).toBe(2);
    expect(count('[Callback]ModelCheckpoint.onTrainEpochEnd')).toBe(2);
    expect(count('[Callback]ModelCheckpoint.onTrainBatchEnd')).toBe(16);
    expect(count('[LightningModule]Mlp.onTrainBatchStart')).toBe(16);
    expect(count('[LightningModule]Mlp.onBeforeBackward')).toBe(16);
    expect(count('[LightningModule]Mlp.setup')).toBe(1);
    expect(s.ops).toBeUndefined();
    const total = (a: string): number => s.actions.find((x) => x.action === a)!.totalMs;
    expect(total('run_training_batch')).toBeLessThanOrEqual(total('run_training_epoch'));
    expect(total('run_training_epoch')).toBeLessThanOrEqual(s.totalMs);
    for (const a of s.actions) expect(a.meanMs).toBeCloseTo(a.totalMs / a.count, 9);

    expect(printed).toHaveLength(1);
    const lines = printed[0].split('\n');
    expect(lines[0]).toBe('Profiler Report (fit)');
    expect(lines[2]).toMatch(/^\| Action +\| Mean duration \(s\) \| Num calls \| Total time \(s\) \| Percentage % \|$/);
    expect(lines[4]).toMatch(/^\| Total +\| - +\| - +\| \d+\.\d{5} +\| 100 % +\|$/);
    expect(printed[0]).toMatch(/\| run_training_batch +\| \d+\.\d{5} +\| 16 /);

    const dir = trainer.logDir;
    expect(profiler.lastFiles).toEqual({ json: join(dir, 'fit-profile.json'), trace: join(dir, 'fit-trace.json') });
    const json = JSON.parse(readFileSync(join(dir, 'fit-profile.json'), 'utf8')) as ProfilerSummary;
    expect(json.stage).toBe('fit');
    expect(json.actions.find((a) => a.action === 'run_training_batch')?.count).toBe(16);
    const trace = JSON.parse(readFileSync(join(dir, 'fit-trace.json'), 'utf8')) as TraceFile;
    const complete = trace.traceEvents.filter((e) => e.ph === 'X');
    expect(complete.length).toBe(s.actions.reduce((n, a) => n + a.count, 0));
    for (const e of complete) expect(e.ts).toBeGreaterThanOrEqual(0);
    // Every batch lies inside an epoch on the trace timeline.
    const epochs = complete.filter((e) => e.name === 'run_training_epoch');
    const batches = complete.filter((e) => e.name === 'run_training_batch');
    expect(batches).toHaveLength(16);
    for (const b of batches) expect(epochs.some((ep) => ep.ts <= b.ts && b.ts + b.dur! <= ep.ts + ep.dur! + 1e-3)).toBe(true);
    expect(trace.traceEvents.filter((e) => e.ph === 'M').map((e) => e.name)).toContain('process_name');
  });

  it("'advanced' adds every kernel per backend with counts, time and bytes, in the table and on the trace", async () => {
    manualSeed(0);
    const root = mkdtempSync(join(tmpdir(), 'flint-profiler-'));
    const printed: string[] = [];
    const trainer = new Trainer({ ...opts(root), maxEpochs: 1, profiler: new Profiler('advanced', { print: (t) => printed.push(t) }) });
    const { train, val } = loaders();
    await trainer.fit(new Mlp(), train, val);
    const s = trainer.profiler!.lastSummary!;
    const mm = s.ops!.ops.find((o) => o.op === 'BatchMatMul' && o.backend === 'cpu')!;
    // Per training step: two Linear forwards and their backward matmuls, plus validation forwards.
    expect(mm.count).toBeGreaterThanOrEqual(8 * 2);
    expect(mm.bytes).toBeGreaterThan(0);
    expect(s.ops!.backends['cpu'].count).toBeGreaterThan(mm.count);
    expect(printed[0]).toContain('\nKernels\nBackend | Op');
    const trace = JSON.parse(readFileSync(join(trainer.logDir, 'fit-trace.json'), 'utf8')) as TraceFile;
    expect(trace.traceEvents.some((e) => e.cat === 'cpu' && e.name === 'BatchMatMul' && e.tid === 1)).toBe(true);

    // The string form builds the profiler; other values are refused by name.
    expect(new Trainer({ profiler: 'simple' }).profiler?.kind).toBe('simple');
    expect(() => new Trainer({ profiler: 'pytorch' as never })).toThrow("Trainer: profiler must be 'simple', 'advanced' or a Profiler, got 'pytorch'");
  });
});
