import { closeSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Tensor } from '../../tensor/tensor.js';
import { FlintError } from '../../tensor/errors.js';
import { SafetensorsError } from '../safetensors-error.js';
import { bytesToStateDict, stateDictToBytes, type LoadOptions } from '../state-dict-bytes.js';

let counter = 0;

/**
 * Writes `bytes` to `path` so that `path` always holds either the old file or the new one:
 * a temp file in the same directory, fsync, rename over `path`, fsync the directory.
 */
export function writeFileAtomic(path: string, bytes: Uint8Array): void {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${counter++}.tmp`);
  const fd = openSync(tmp, 'w');
  try {
    for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at, bytes.length - at);
    fsyncSync(fd);
  } catch (e) {
    closeSync(fd);
    rmSync(tmp, { force: true });
    throw e;
  }
  closeSync(fd);
  renameSync(tmp, path);
  const dir = openSync(dirname(path), 'r');
  try {
    fsyncSync(dir);
  } finally {
    closeSync(dir);
  }
}

/** Saves a state dict as a safetensors file, atomically (PyTorch and Hugging Face read it). */
export async function save(stateDict: Readonly<Record<string, Tensor>>, path: string): Promise<void> {
  writeFileAtomic(path, await stateDictToBytes(stateDict));
}

/** Loads a safetensors file; errors name the file. */
export function load(path: string, opts: LoadOptions = {}): Record<string, Tensor> {
  const bytes = new Uint8Array(readFileSync(path));
  try {
    return bytesToStateDict(bytes, opts);
  } catch (e) {
    if (e instanceof SafetensorsError) throw new SafetensorsError(e.code, `${path}: ${e.message.slice(e.code.length + 2)}`);
    if (e instanceof FlintError) e.message = `${path}: ${e.message}`;
    throw e;
  }
}
