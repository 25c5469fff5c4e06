import { parentPort, workerData } from 'node:worker_threads';
import '../../ops/tensor-methods.js';
import { describeFailure, runDataWorker, type DataWorkerPort } from '../data-worker-loop.js';
import type { WorkerModule, WorkerReply, WorkerStart } from '../worker-protocol.js';

/*
 * Entry point of a DataLoader worker thread: imports the loader's worker module and runs the
 * worker loop (data-worker-loop.ts) over `parentPort`.
 */

const start = workerData as WorkerStart;
if (!parentPort) throw new Error('worker-main: must run in a worker thread');
const parent = parentPort;

const port: DataWorkerPort = {
  post: (msg: WorkerReply, transfer: ArrayBuffer[] = []) => parent.postMessage(msg, transfer),
  onRequest: (handler) => parent.on('message', handler),
};

import(start.moduleUrl)
  .then((mod: Partial<WorkerModule>) => runDataWorker(start, mod, port))
  .catch((e: unknown) => port.post({ type: 'error', requestId: -1, sampleIndex: -1, ...describeFailure(e) }));
