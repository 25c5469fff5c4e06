import { defaultGenerator, type Generator } from '../random/generator.js';
import { BatchSampler } from './batch-sampler.js';
import { defaultCollate, type Collated } from './collate.js';
import { syncIterationError } from './data-loader-error.js';
import { canFetchBatch, isMapDataset, type Dataset, type StreamDataset } from './dataset.js';
import { hostToTensors, type HostValue } from './host-batch.js';
import { RandomSampler, SequentialSampler, type Sampler } from './sampler.js';
import { workerBatchStream } from './worker-batch-stream.js';
import type { WorkerPool, WorkerPoolFactory } from './worker-pool.js';
import type { WorkerCollateMode } from './worker-protocol.js';

export interface DataLoaderOptions<T, B> {
  /** Items per batch (default 1). */
  batchSize?: number;
  /** Reshuffle every epoch (a RandomSampler over the loader's generator). */
  shuffle?: boolean;
  /** Where indices come from; excludes `shuffle`. */
  sampler?: Sampler;
  /** Yields whole batches of indices; excludes batchSize, shuffle, sampler and dropLast. */
  batchSampler?: Sampler<number[]>;
  /** Drop the last batch when it is short (default false). */
  dropLast?: boolean;
  /** Items to batch (default `defaultCollate`). With workers it runs on the main thread. */
  collate?: (items: T[]) => B;
  /** Worker threads fetching batches (default 0: fetch on the calling thread). */
  numWorkers?: number;
  /** Batches requested ahead per worker (default 2). */
  prefetchFactor?: number;
  /** Keep the workers between epochs instead of starting them per iteration. */
  persistentWorkers?: boolean;
  /** Drives shuffling and the workers' base seed (default: the global generator). */
  generator?: Generator;
  /** With workers: the module (URL or path) whose `createDataset()` builds the dataset in each worker. */
  workerModule?: string | URL;
  /** With workers: plain data passed to the worker module's `createDataset` and `workerInit`. */
  workerData?: unknown;
  /** With workers: the thread pool implementation (`threadWorkerPool` from `@flint/core/node`). */
  workerPool?: WorkerPoolFactory;
  /** With workers: collate in the worker through the worker module's `collate` export. */
  workerCollate?: boolean;
}

/**
 * Batches a dataset, like `torch.utils.data.DataLoader`: `for await (const batch of loader)`.
 * Map-style datasets go through a sampler and a BatchSampler; stream datasets are read in
 * order. With `numWorkers > 0` batches are fetched by worker threads that each build the
 * dataset from `workerModule`, with prefetching and per-worker seeds, in sampler order.
 */
export class DataLoader<T, B = Collated<T>> implements AsyncIterable<B> {
  // Not declared on the type, so TypeScript already rejects a plain for...of (TS2488); JavaScript
  // callers get the DataLoaderError that says to use for await.
  static {
    Object.defineProperty(this.prototype, Symbol.iterator, { value: syncIterationError, configurable: true, writable: true });
  }

  readonly batchSize: number;
  readonly numWorkers: number;
  readonly prefetchFactor: number;
  readonly dropLast: boolean;
  readonly persistentWorkers: boolean;
  readonly generator: Generator;
  /** Batches of indices (map-style datasets only). */
  readonly batchSampler: Sampler<number[]> | null;
  private readonly collate: ((items: T[]) => B) | undefined;
  private pool: WorkerPool | null = null;

  constructor(
    readonly dataset: Dataset<T> | StreamDataset<T>,
    private readonly opts: DataLoaderOptions<T, B> = {},
  ) {
    this.batchSize = opts.batchSize ?? 1;
    this.numWorkers = opts.numWorkers ?? 0;
    this.prefetchFactor = opts.prefetchFactor ?? 2;
    this.dropLast = opts.dropLast ?? false;
    this.persistentWorkers = opts.persistentWorkers ?? false;
    this.generator = opts.generator ?? defaultGenerator;
    this.collate = opts.collate;
    checkOptions(opts, this.batchSize, this.numWorkers, this.prefetchFactor);
    if (isMapDataset<T>(dataset)) {
      const sampler = opts.sampler ?? (opts.shuffle ? new RandomSampler(dataset.length, { generator: this.generator }) : new SequentialSampler(dataset.length));
      this.batchSampler = opts.batchSampler ?? new BatchSampler(sampler, this.batchSize, this.dropLast);
    } else {
      if (opts.shuffle || opts.sampler || opts.batchSampler) {
        throw new TypeError('DataLoader: shuffle, sampler and batchSampler need a map-style dataset (getItem + length), not a stream dataset');
      }
      if (this.numWorkers > 0) throw new TypeError('DataLoader: numWorkers > 0 needs a map-style dataset (getItem + length)');
      this.batchSampler = null;
    }
  }

  /** Batches per pass. A stream dataset needs a numeric `length` for this. */
  get length(): number {
    if (this.batchSampler) return this.batchSampler.length;
    const n = (this.dataset as { length?: unknown }).length;
    if (typeof n !== 'number') throw new TypeError('DataLoader: this stream dataset has no length');
    return this.dropLast ? Math.floor(n / this.batchSize) : Math.ceil(n / this.batchSize);
  }

  /**
   * This loader drawing indices from `sampler` instead of its own, every other option kept
   * (batch size, dropLast, collate, workers, generator): how a trainer puts a
   * `DistributedSampler` under a user's loader.
   */
  withSampler(sampler: Sampler): DataLoader<T, B> {
    if (!isMapDataset<T>(this.dataset)) throw new TypeError('DataLoader.withSampler: a sampler needs a map-style dataset (getItem + length)');
    if (this.opts.batchSampler) throw new TypeError('DataLoader.withSampler: this loader has a batchSampler, which decides the indices itself');
    return new DataLoader<T, B>(this.dataset, { ...this.opts, shuffle: undefined, sampler });
  }

  /** Worker threads currently alive (0 after an iteration ends unless `persistentWorkers`). */
  get liveWorkers(): number {
    return this.pool?.liveWorkers ?? 0;
  }

  /** Stops persistent workers. A no-op otherwise. */
  async shutdown(): Promise<void> {
    const pool = this.pool;
    this.pool = null;
    await pool?.terminate();
  }

  [Symbol.asyncIterator](): AsyncIterator<B> {
    // Drawn per pass like PyTorch's `_base_seed`, before the sampler draws, so a seeded
    // generator gives the same shuffle with and without workers.
    const baseSeed = this.generator.randomSeed();
    if (!this.batchSampler) return this.streamBatches();
    if (this.numWorkers === 0) return this.mapBatches(this.batchSampler);
    return this.workerBatches(this.batchSampler, baseSeed);
  }

  private async *mapBatches(batchSampler: Sampler<number[]>): AsyncGenerator<B> {
    const dataset = this.dataset as Dataset<T>;
    for (const indices of batchSampler) {
      if (!this.collate && canFetchBatch<B>(dataset)) {
        yield dataset.getBatch(indices);
        continue;
      }
      const items: T[] = new Array(indices.length);
      for (let i = 0; i < indices.length; i++) items[i] = await dataset.getItem(indices[i]);
      yield this.collateItems(items);
    }
  }

  private async *streamBatches(): AsyncGenerator<B> {
    let items: T[] = [];
    for await (const item of this.dataset as StreamDataset<T>) {
      items.push(item);
      if (items.length === this.batchSize) {
        yield this.collateItems(items);
        items = [];
      }
    }
    if (items.length > 0 && !this.dropLast) yield this.collateItems(items);
  }

  private async *workerBatches(batchSampler: Sampler<number[]>, baseSeed: number): AsyncGenerator<B> {
    const pool = this.startPool(baseSeed);
    const expected = (this.dataset as Dataset<T>).length;
    const checked: WorkerPool = {
      get liveWorkers() {
        return pool.liveWorkers;
      },
      ready: async () => {
        const n = await pool.ready();
        if (n !== expected) throw new RangeError(`DataLoader: the worker module's dataset has length ${n} but the loader's dataset has length ${expected}`);
        return n;
      },
      fetch: (w, idx) => pool.fetch(w, idx),
      terminate: () => pool.terminate(),
    };
    const release = async (failed: boolean): Promise<void> => {
      if (this.persistentWorkers && !failed) return;
      if (this.pool === pool) this.pool = null;
      await pool.terminate();
    };
    const stream = workerBatchStream(checked, batchSampler[Symbol.iterator](), {
      numWorkers: this.numWorkers,
      inFlight: this.prefetchFactor * this.numWorkers,
      release,
    });
    for await (const host of stream) yield this.fromHost(host);
  }

  private startPool(baseSeed: number): WorkerPool {
    if (this.pool) return this.pool;
    const { workerModule, workerPool } = this.opts as Required<Pick<DataLoaderOptions<T, B>, 'workerModule' | 'workerPool'>>;
    const collate: WorkerCollateMode = this.opts.workerCollate ? 'module' : this.collate ? 'items' : 'default';
    this.pool = workerPool({ numWorkers: this.numWorkers, workerModule, workerData: this.opts.workerData, baseSeed, collate });
    return this.pool;
  }

  private fromHost(host: HostValue): B {
    if (this.collate && !this.opts.workerCollate) {
      return this.collate((host as HostValue[]).map((item) => hostToTensors(item) as T));
    }
    return hostToTensors(host) as B;
  }

  private collateItems(items: T[]): B {
    return this.collate ? this.collate(items) : (defaultCollate(items) as B);
  }
}

function checkOptions<T, B>(opts: DataLoaderOptions<T, B>, batchSize: number, numWorkers: number, prefetchFactor: number): void {
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`DataLoader: batchSize must be a positive integer, got ${batchSize}`);
  if (!Number.isInteger(numWorkers) || numWorkers < 0) throw new RangeError(`DataLoader: numWorkers must be a non-negative integer, got ${numWorkers}`);
  if (!Number.isInteger(prefetchFactor) || prefetchFactor < 1) {
    throw new RangeError(`DataLoader: prefetchFactor must be a positive integer, got ${prefetchFactor}`);
  }
  if (opts.sampler && opts.shuffle) throw new TypeError('DataLoader: sampler option is mutually exclusive with shuffle');
  if (opts.batchSampler && (opts.batchSize !== undefined && opts.batchSize !== 1 || opts.shuffle || opts.sampler || opts.dropLast)) {
    throw new TypeError('DataLoader: batchSampler option is mutually exclusive with batchSize, shuffle, sampler, and dropLast');
  }
  if (numWorkers > 0 && !opts.workerModule) {
    throw new TypeError(
      'DataLoader: numWorkers > 0 needs `workerModule`, a module URL exporting createDataset(): class instances cannot be sent to worker threads',
    );
  }
  if (numWorkers > 0 && !opts.workerPool) {
    throw new TypeError("DataLoader: numWorkers > 0 needs `workerPool`; in Node pass `threadWorkerPool` from '@flint/core/node'");
  }
  if (opts.persistentWorkers && numWorkers === 0) throw new TypeError('DataLoader: persistentWorkers option needs numWorkers > 0');
}
