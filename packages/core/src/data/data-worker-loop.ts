import { manualSeed } from '../random/generator.js';
import { collateToHost, toHostItem } from './collate.js';
import { canFetchBatch, isMapDataset, type Dataset } from './dataset.js';
import { disposeBatch, transferables, type HostValue } from './host-batch.js';
import { setWorkerInfo } from './worker-info.js';
import type { FetchRequest, WorkerModule, WorkerReply, WorkerStart } from './worker-protocol.js';

/** How a loader worker talks to its loader: Node's `parentPort` or a Web Worker's scope. */
export interface DataWorkerPort {
  post(msg: WorkerReply, transfer?: ArrayBuffer[]): void;
  /** Registers the handler of the loader's batch requests. */
  onRequest(handler: (req: FetchRequest) => void): void;
}

/** An item failed: carries which sample so the loader can name it. */
class SampleError extends Error {
  constructor(
    readonly sampleIndex: number,
    readonly failure: unknown,
  ) {
    super('sample failed');
  }
}

/** A failure as the message a worker sends. */
export const describeFailure = (e: unknown): { message: string; stack?: string } =>
  e instanceof Error ? { message: `${e.name}: ${e.message}`, stack: e.stack } : { message: String(e) };

async function fetchItems(dataset: Dataset<unknown>, indices: readonly number[]): Promise<unknown[]> {
  const items: unknown[] = new Array(indices.length);
  for (let i = 0; i < indices.length; i++) {
    try {
      items[i] = await dataset.getItem(indices[i]);
    } catch (e) {
      throw new SampleError(indices[i], e);
    }
  }
  return items;
}

/**
 * The body of every DataLoader worker (thread or Web Worker): seeds it, builds the dataset
 * once from the worker module, then answers batch requests one at a time, in arrival order,
 * with host arrays (their buffers transferred). A start-up failure rejects; the caller reports it.
 */
export async function runDataWorker(start: WorkerStart, mod: Partial<WorkerModule>, port: DataWorkerPort): Promise<void> {
  const info = { id: start.id, numWorkers: start.numWorkers, seed: start.seed };
  setWorkerInfo(info);
  manualSeed(start.seed);
  if (typeof mod.createDataset !== 'function') throw new Error(`worker module ${start.moduleUrl} does not export createDataset()`);
  if (start.collate === 'module' && typeof mod.collate !== 'function') {
    throw new Error(`worker module ${start.moduleUrl} does not export collate() but the loader asked for workerCollate`);
  }
  await mod.workerInit?.(info, start.userData);
  const dataset = await mod.createDataset(start.userData, info);
  if (!isMapDataset(dataset)) throw new Error(`createDataset() of ${start.moduleUrl} did not return a map-style dataset (getItem + length)`);

  const handle = async (req: FetchRequest): Promise<void> => {
    let batch: HostValue;
    if (start.collate === 'default' && canFetchBatch(dataset)) {
      const tensors = dataset.getBatch(req.indices);
      batch = (await toHostItem(tensors)) as HostValue;
      disposeBatch(tensors);
    } else {
      const items = await fetchItems(dataset, req.indices);
      if (start.collate === 'module') batch = (await (mod.collate as (items: unknown[]) => unknown)(items)) as HostValue;
      else if (start.collate === 'items') batch = (await Promise.all(items.map(toHostItem))) as HostValue;
      else batch = await collateToHost(items);
    }
    port.post({ type: 'batch', requestId: req.requestId, batch }, start.collate === 'default' ? transferables(batch) : []);
  };

  let chain = Promise.resolve();
  port.onRequest((req) => {
    chain = chain.then(() =>
      handle(req).catch((e: unknown) => {
        const sampleIndex = e instanceof SampleError ? e.sampleIndex : -1;
        port.post({ type: 'error', requestId: req.requestId, sampleIndex, ...describeFailure(e instanceof SampleError ? e.failure : e) });
      }),
    );
  });
  port.post({ type: 'ready', length: dataset.length });
}
