import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Trainer } from '@flint/trainer';
import { DashboardCallback, DashboardServer, type DashboardEvent } from '../src/index.js';
import { TinyClassifier, teacherLoader } from './tiny-classifier.js';

const trainerWith = (cb: DashboardCallback) =>
  new Trainer({ maxEpochs: 1, defaultRootDir: mkdtempSync(join(tmpdir(), 'flint-dashboard-cb-')), accelerator: 'cpu', enableProgressBar: false, enableModelSummary: false, callbacks: [cb] });

/** Every SSE message of `url` until the server ends the stream. */
async function readUntilClosed(url: string): Promise<DashboardEvent[]> {
  const text = await (await fetch(url)).text();
  return text
    .split('\n')
    .filter((l) => l.startsWith('data: '))
    .map((l) => JSON.parse(l.slice(6)) as DashboardEvent);
}

describe('DashboardCallback', () => {
  it('streams the run in order (no batch starts) to a connected page, then stops serving at the end of the run', async () => {
    let url = '';
    let reading: Promise<DashboardEvent[]> = Promise.resolve([]);
    const cb = new DashboardCallback({ port: 0, onListening: (u) => ((url = u), (reading = readUntilClosed(`${u}events`))) });
    await trainerWith(cb).fit(new TinyClassifier(), teacherLoader());
    const events = await reading;
    const types = events.filter((e) => e.type !== 'status').map((e) => e.type);
    expect(types[0]).toBe('fitStart');
    expect(types.at(-1)).toBe('runEnd');
    expect(types).not.toContain('batchStart');
    expect(types.filter((t) => t === 'batchEnd')).toHaveLength(8);
    expect(types).toContain('checkpointSaved');
    // Statuses replay as the latest per rank and device; the live ones follow each batch.
    const statuses = events.filter((e) => e.type === 'status');
    expect(statuses.at(-1)).toMatchObject({ rank: 0, device: 'cpu', globalStep: 8 });
    const seqs = events.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(cb.url).toBe('');
    await expect(fetch(url)).rejects.toThrow();
  });

  it('a taken port stops fit with an error naming the callback and the port', async () => {
    const other = new DashboardServer();
    const taken = Number(new URL(await other.listen(0)).port);
    try {
      const trainer = trainerWith(new DashboardCallback({ port: taken, onListening: () => undefined }));
      await expect(trainer.fit(new TinyClassifier(), teacherLoader())).rejects.toThrow(new RegExp(`DashboardCallback[\\s\\S]*port ${taken} on 127\\.0\\.0\\.1 is in use`));
    } finally {
      await other.close();
    }
  });
});
