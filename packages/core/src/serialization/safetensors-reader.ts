import type { DType, TypedArray } from '../tensor/dtype.js';
import type { Tensor } from '../tensor/tensor.js';
import { fromValues } from '../ops/creation.js';
import { SafetensorsError } from './safetensors-error.js';
import { codecOf, type SafetensorsDType } from './safetensors-dtype.js';
import { parseSafetensorsHeader } from './safetensors-header.js';

/** One tensor of a safetensors file, decoded to host memory. */
export interface SafetensorsTensor {
  readonly name: string;
  /** The dtype stored in the file. */
  readonly fileDtype: SafetensorsDType;
  /** The Flint dtype of `values`: F16/BF16 widen to float32, I64 and U8 become int32. */
  readonly dtype: DType;
  readonly shape: readonly number[];
  /** Row-major values, a fresh array owned by the caller. */
  readonly values: TypedArray;
}

/** The decoded contents of a safetensors buffer. */
export interface SafetensorsFile {
  /** Tensors by name, in the order of their data in the file. */
  readonly tensors: ReadonlyMap<string, SafetensorsTensor>;
  /** The header's `__metadata__` (string to string), or null when absent. */
  readonly metadata: Readonly<Record<string, string>> | null;
}

/**
 * Decodes a safetensors buffer (the format PyTorch and Hugging Face write): validates the whole
 * header first (see `parseSafetensorsHeader`), then copies each tensor's little-endian bytes
 * into a host TypedArray. Throws `SafetensorsError` with a `code` on any malformed input, before
 * decoding anything. Browser-safe: it takes bytes, not a path.
 */
export function readSafetensors(bytes: Uint8Array): SafetensorsFile {
  const header = parseSafetensorsHeader(bytes);
  const tensors = new Map<string, SafetensorsTensor>();
  for (const e of header.entries) {
    const codec = codecOf(e.dtype);
    const view = new DataView(bytes.buffer, bytes.byteOffset + header.dataStart + e.begin, e.end - e.begin);
    const count = (e.end - e.begin) / codec.itemSize;
    tensors.set(e.name, { name: e.name, fileDtype: e.dtype, dtype: codec.flint, shape: e.shape, values: codec.decode(view, count, e.name) });
  }
  return { tensors, metadata: header.metadata };
}

/** The tensor `name` of `file`, or a `TensorNotFound` error listing what the file holds. */
export function getSafetensor(file: SafetensorsFile, name: string): SafetensorsTensor {
  const t = file.tensors.get(name);
  if (!t) throw new SafetensorsError('TensorNotFound', `no tensor '${name}' (file has ${[...file.tensors.keys()].join(', ') || 'none'})`);
  return t;
}

/** Uploads one decoded tensor to `device` (the default device when omitted). */
export const safetensorToTensor = (t: SafetensorsTensor, device?: string): Tensor =>
  fromValues(t.values, t.shape, { dtype: t.dtype, device });

/** Uploads every tensor of `file` to `device`; the caller owns (and disposes) the result. */
export function safetensorsToTensors(file: SafetensorsFile, device?: string): Map<string, Tensor> {
  const out = new Map<string, Tensor>();
  for (const [name, t] of file.tensors) out.set(name, safetensorToTensor(t, device));
  return out;
}
