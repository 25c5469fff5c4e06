// Node-only parts of @flint/core: worker threads and files. Never imported from the browser entry.
import './ops/tensor-methods.js';
export { threadWorkerPool } from './data/node/thread-worker-pool.js';
export { readIdxFile, readMnist } from './data/node/idx-file.js';
export type { MnistSplit } from './data/node/idx-file.js';
export { save, load, writeFileAtomic } from './serialization/node/checkpoint-file.js';
export { startThreadWorker, isTypeScriptUrl } from './node-threads/start-thread-worker.js';
export type { StartThreadWorkerOptions } from './node-threads/start-thread-worker.js';
export { enableRelaxedSimd } from './cpu/wasm/node/enable-relaxed-simd.js';
export { setNumThreads, nodeCpuThreadHost } from './cpu/wasm/node/node-cpu-threads.js';
export { physicalCoreCount } from './cpu/wasm/node/physical-cores.js';
