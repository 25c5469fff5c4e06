// The normalisation ops, one per file; this module lists them together for `nn` and the index.
export { batchNorm, updateRunningStats } from './batch-norm.js';
export type { BatchNormOptions } from './batch-norm.js';
export { layerNorm } from './layer-norm.js';
