import type { Tensor } from '../tensor/tensor.js';
import { readSafetensors, safetensorToTensor } from './safetensors-reader.js';
import { writeSafetensors } from './safetensors-writer.js';

export interface LoadOptions {
  /** Device the loaded tensors are placed on (files are device-agnostic). Default 'cpu'. */
  mapLocation?: string;
  /** Removed from keys that start with it: `'module.'` for DataParallel/DDP checkpoints. */
  stripPrefix?: string;
  /** Added in front of every key (after stripping). */
  addPrefix?: string;
}

/** A state dict as safetensors bytes (what `save` writes to disk, or a Blob in a browser). */
export const stateDictToBytes = (sd: Readonly<Record<string, Tensor>>): Promise<Uint8Array> => writeSafetensors(sd);

/**
 * Tensors from safetensors bytes, every header field validated before anything is
 * allocated; keys renamed by `stripPrefix`/`addPrefix`, tensors placed on `mapLocation`.
 */
export function bytesToStateDict(bytes: Uint8Array, opts: LoadOptions = {}): Record<string, Tensor> {
  const file = readSafetensors(bytes);
  const out: Record<string, Tensor> = {};
  for (const [name, t] of file.tensors) {
    let key = name;
    if (opts.stripPrefix && key.startsWith(opts.stripPrefix)) key = key.slice(opts.stripPrefix.length);
    if (opts.addPrefix) key = opts.addPrefix + key;
    out[key] = safetensorToTensor(t, opts.mapLocation ?? 'cpu');
  }
  return out;
}
