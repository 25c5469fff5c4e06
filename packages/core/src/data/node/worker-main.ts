import { parentPort, workerData } from 'node:worker_threads';
import { manualSeed } from '../../random/generator.js';
import { collateToHost, toHostItem } from '../collate.js';
import { canFetchBatch, isMapDataset, type Dataset } from '../dataset.js';
import { disposeBatch, transferables, type HostValue } from '../host-batch.js';
import { setWorkerInfo } from '../worker-info.js';
import type { FetchRequest, WorkerModule, WorkerReply, WorkerStart } from '../worker-protocol.js';

/*
 * Entry point of a DataLoader worker thread: builds the dataset once from the worker module,
 * then answers batch requests with collated host arrays, transferring their buffers.
 */

const start = workerData as WorkerStart;
if (!parentPort) throw new Error('worker-main: must run in a worker thread');
const port = parentPort;

const post = (msg: WorkerReply, transfer: ArrayBuffer[] = []): void => port.postMessage(msg, transfer);

const describe = (e: unknown): { message: string; stack?: string } =>
  e instanceof Error ? { message: `${e.name}: ${e.message}`, stack: e.stack } : { message: String(e) };

/** An item failed: carries which sample so the loader can name it. */
class SampleError extends Error {
  constructor(
    readonly sampleIndex: number,
    readonly failure: unknown,
  ) {
    super('sample failed');
  }
}

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

async function main(): Promise<void> {
  const info = { id: start.id, numWorkers: start.numWorkers, seed: start.seed };
  setWorkerInfo(info);
  manualSeed(start.seed);
  const mod = (await import(start.moduleUrl)) as Partial<WorkerModule>;
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
    post({ type: 'batch', requestId: req.requestId, batch }, start.collate === 'default' ? transferables(batch) : []);
  };

  // Requests are answered one at a time, in arrival order.
  let chain = Promise.resolve();
  port.on('message', (req: FetchRequest) => {
    chain = chain.then(() =>
      handle(req).catch((e: unknown) => {
        const sampleIndex = e instanceof SampleError ? e.sampleIndex : -1;
        const d = describe(e instanceof SampleError ? e.failure : e);
        post({ type: 'error', requestId: req.requestId, sampleIndex, ...d });
      }),
    );
  });
  post({ type: 'ready', length: dataset.length });
}

main().catch((e: unknown) => post({ type: 'error', requestId: -1, sampleIndex: -1, ...describe(e) }));
