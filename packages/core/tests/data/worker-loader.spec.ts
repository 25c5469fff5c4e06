import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DataLoader } from '../../src/data/data-loader.js';
import { threadWorkerPool } from '../../src/data/node/thread-worker-pool.js';
import { DataLoaderWorkerError } from '../../src/data/worker-pool.js';
import { Generator } from '../../src/random/generator.js';
import { workerSeed } from '../../src/random/seed-everything.js';
import type { Tensor } from '../../src/tensor/tensor.js';
import { TensorDataset } from '../../src/data/tensor-dataset.js';
import { arange } from '../../src/ops/creation.js';
import { reshape } from '../../src/ops/view.js';
import { RangeDataset, type RangeItem, type RangeOptions } from './fixtures/range-dataset.js';

const workerModule = new URL('./fixtures/range-dataset.ts', import.meta.url);

function loader(o: RangeOptions, extra: Record<string, unknown> = {}): DataLoader<RangeItem> {
  return new DataLoader(new RangeDataset(o), { workerModule, workerData: o, workerPool: threadWorkerPool, ...extra });
}

type Batch = { x: Tensor; y: Tensor; worker?: Tensor; seed?: Tensor; r?: Tensor };
const read = async (b: Batch): Promise<Record<string, number[]>> => {
  const out: Record<string, number[]> = {};
  for (const [k, t] of Object.entries(b)) out[k] = Array.from(await (t as Tensor).data());
  return out;
};
async function readAll(l: AsyncIterable<unknown>): Promise<Record<string, number[]>[]> {
  const out: Record<string, number[]>[] = [];
  for await (const b of l) out.push(await read(b as Batch));
  return out;
}

describe('DataLoader with worker threads', () => {
  it('gives the same batches as numWorkers = 0 (shuffled, seeded) and stops its workers', async () => {
    const o = { n: 50 };
    const opts = { batchSize: 7, shuffle: true };
    const inline = await readAll(new DataLoader(new RangeDataset(o), { ...opts, generator: new Generator(5) }));
    const l = loader(o, { ...opts, numWorkers: 3, generator: new Generator(5) });
    const threaded = await readAll(l);
    expect(threaded).toEqual(inline);
    expect(threaded).toHaveLength(8);
    expect(l.liveWorkers).toBe(0);
  });

  it('16 workers: seeds base + id, streams pairwise different and equal across runs, batches round robin', async () => {
    const o = { n: 64, random: true };
    const run = async (): Promise<Record<string, number[]>[]> => readAll(loader(o, { batchSize: 2, numWorkers: 16, generator: new Generator(99) }));
    const a = await run();
    const base = new Generator(99).randomSeed();
    const streams = new Map<number, number[]>();
    a.forEach((b, k) => {
      expect(b.worker).toEqual([k % 16, k % 16]);
      expect(b.seed).toEqual([workerSeed(base, k % 16), workerSeed(base, k % 16)]);
      expect(b.initSeed).toEqual(b.seed);
      streams.set(k % 16, [...(streams.get(k % 16) ?? []), ...b.r]);
    });
    expect(streams.size).toBe(16);
    const keys = [...streams.values()].map((s) => s.join(','));
    expect(new Set(keys).size).toBe(16);
    expect(await run()).toEqual(a);
  });

  it('a throwing worker fails the iteration naming the worker and the sample, leaving no thread', async () => {
    const l = loader({ n: 20, failAt: 13 }, { batchSize: 4, numWorkers: 2 });
    let err: unknown;
    try {
      for await (const b of l) void b;
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DataLoaderWorkerError);
    // Batch 3 holds indices 12..15 and goes to worker 3 mod 2 = 1.
    expect((err as Error).message).toBe('DataLoader worker 1 failed while fetching sample index 13: Error: bad sample 13');
    expect(l.liveWorkers).toBe(0);
  });

  it('a worker that fails to build its dataset fails the iteration', async () => {
    const l = loader({ n: 4, failInit: true }, { numWorkers: 2 });
    await expect(readAll(l)).rejects.toThrow(/^DataLoader worker [01] failed: Error: init failed in worker [01]$/);
    expect(l.liveWorkers).toBe(0);
  });

  it('early break terminates the workers', async () => {
    const l = loader({ n: 100 }, { batchSize: 2, numWorkers: 4 });
    for await (const b of l) {
      expect(l.liveWorkers).toBe(4);
      void b;
      break;
    }
    expect(l.liveWorkers).toBe(0);
  });

  it('persistent workers survive epochs until shutdown', async () => {
    const o = { n: 9 };
    const l = loader(o, { batchSize: 4, numWorkers: 2, persistentWorkers: true });
    const e1 = await readAll(l);
    expect(l.liveWorkers).toBe(2);
    const e2 = await readAll(l);
    expect(e2).toEqual(e1);
    expect(e1.map((b) => b.y)).toEqual([[0, 1, 2, 3], [4, 5, 6, 7], [8]]);
    await l.shutdown();
    expect(l.liveWorkers).toBe(0);
  });

  it("a worker module importing '@flint/core' gets a TensorDataset's batches", async () => {
    const ds = new TensorDataset(reshape(arange(0, 15, 1, { dtype: 'float32' }), [5, 3]), arange(0, 5));
    const l = new DataLoader(ds, {
      batchSize: 2,
      numWorkers: 2,
      workerModule: new URL('./fixtures/package-import-dataset.ts', import.meta.url),
      workerData: { n: 5 },
      workerPool: threadWorkerPool,
    });
    const inline: number[][][] = [];
    for await (const [x, y] of new DataLoader(ds, { batchSize: 2 })) inline.push([Array.from(await x.data()), Array.from(await y.data())]);
    const threaded: number[][][] = [];
    for await (const [x, y] of l) {
      expect([x.shape.length, x.dtype, y.dtype]).toEqual([2, 'float32', 'int32']);
      threaded.push([Array.from(await x.data()), Array.from(await y.data())]);
    }
    expect(threaded).toEqual(inline);
  });

  it('a main-thread collate gets the items fetched by the workers', async () => {
    const l = new DataLoader(new RangeDataset({ n: 5 }), {
      batchSize: 2,
      numWorkers: 2,
      workerModule,
      workerData: { n: 5 },
      workerPool: threadWorkerPool,
      collate: (items: RangeItem[]) => items.map((it) => it.y),
    });
    const out: number[][] = [];
    for await (const b of l) out.push(b);
    expect(out).toEqual([[0, 1], [2, 3], [4]]);
  });

  it('a loader with failed or idle persistent workers lets the process exit', () => {
    const script = fileURLToPath(new URL('./fixtures/fail-and-exit.ts', import.meta.url));
    const r = spawnSync(process.execPath, ['--import', 'tsx', script], { encoding: 'utf8', timeout: 30_000 });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('caught: DataLoader worker 1 failed while fetching sample index 9: Error: bad sample 9; live=0');
    expect(r.stdout).toContain('persistent: 4 batches, live=2');
  });
});
