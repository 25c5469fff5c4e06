import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Trainer } from '@flint/trainer';
import { DashboardCallback, type DashboardEvent } from '../src/index.js';
import { TinyClassifier, teacherLoader } from './tiny-classifier.js';

type Status = Extract<DashboardEvent, { type: 'status' }>;

// DataParallel runs one process over several devices: the page gets one status row per device.
describe("DashboardCallback with strategy 'dp'", () => {
  it('reports memory and step time of every DataParallel device after each batch', async () => {
    let reading: Promise<string> = Promise.resolve('');
    const cb = new DashboardCallback({ port: 0, onListening: (u) => (reading = fetch(`${u}events`).then((r) => r.text())) });
    const trainer = new Trainer({
      strategy: 'dp',
      devices: 2,
      accelerator: 'cpu',
      maxEpochs: 1,
      defaultRootDir: mkdtempSync(join(tmpdir(), 'flint-dashboard-dp-')),
      enableProgressBar: false,
      enableModelSummary: false,
      callbacks: [cb],
    });
    await trainer.fit(new TinyClassifier(), teacherLoader());
    const events = (await reading)
      .split('\n')
      .filter((l) => l.startsWith('data: '))
      .map((l) => JSON.parse(l.slice(6)) as DashboardEvent);
    const statuses = events.filter((e): e is Status & { seq: number } => e.type === 'status');
    const last = new Map(statuses.map((s) => [s.device, s]));
    expect([...last.keys()]).toEqual(expect.arrayContaining(['vcpu:0', 'vcpu:1']));
    for (const device of ['vcpu:0', 'vcpu:1']) {
      const s = last.get(device)!;
      expect(s).toMatchObject({ rank: 0, globalStep: 8 });
      expect(s.stepMs).toBeGreaterThan(0);
      expect(Number.isInteger(s.memoryBytes) && s.memoryBytes >= 0).toBe(true);
    }
    // The module's parameters live on the output device; the replica on vcpu:1 is rebuilt per
    // step, so between steps it may hold nothing.
    expect(last.get('vcpu:0')!.memoryBytes).toBeGreaterThan(0);
    expect(last.get('vcpu:0')!.buffers).toBeGreaterThan(0);
    // A status per device after each batch (the history replays only the latest of each to a
    // page that connects late), in step order.
    for (const device of ['vcpu:0', 'vcpu:1']) {
      const steps = statuses.filter((s) => s.device === device).map((s) => s.globalStep);
      expect(steps).toEqual([...steps].sort((a, b) => a - b));
      expect(steps.at(-1)).toBe(8);
    }
  });
});
