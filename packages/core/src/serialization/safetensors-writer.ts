import type { DType, TypedArray } from '../tensor/dtype.js';
import type { Tensor } from '../tensor/tensor.js';
import { codecOf, type SafetensorsDType } from './safetensors-dtype.js';
import { SafetensorsError } from './safetensors-error.js';

const FILE_DTYPE: Record<DType, SafetensorsDType> = { float32: 'F32', float64: 'F64', int32: 'I32', bool: 'BOOL' };

/** Host values of one tensor to write. */
export interface HostTensorData {
  readonly dtype: DType;
  readonly shape: readonly number[];
  readonly values: TypedArray;
  /**
   * Store int32 values as I64 (what PyTorch uses for indices and `num_batches_tracked`) or
   * U8 (images); the default is the dtype's own (F32, F64, I32, BOOL).
   */
  readonly fileDtype?: 'I64' | 'U8';
}

/** Names the reader rejects (prototype keys) or that mean something else in the header. */
const RESERVED = new Set(['__metadata__', '__proto__', 'constructor', 'prototype']);

/** Refuses what would make an unreadable file, naming the tensor. */
function checkTensor(name: string, t: HostTensorData): void {
  if (RESERVED.has(name)) throw new SafetensorsError('InvalidHeader', `cannot write a tensor named '${name}' (reserved in the header)`);
  const count = t.shape.reduce((a, d) => a * d, 1);
  if (!t.shape.every((d) => Number.isSafeInteger(d) && d >= 0) || count !== t.values.length) {
    throw new SafetensorsError('TensorInvalidInfo', `tensor '${name}': shape [${t.shape.join(',')}] does not match ${t.values.length} values`);
  }
}

/** The bytes `t` occupies in the file. */
function payload(t: HostTensorData): Uint8Array {
  const v = t.values;
  if (t.fileDtype === 'I64') {
    const out = new BigInt64Array(v.length);
    for (let i = 0; i < v.length; i++) out[i] = BigInt(v[i]);
    return new Uint8Array(out.buffer);
  }
  if (t.fileDtype === 'U8') {
    for (let i = 0; i < v.length; i++) {
      if (v[i] < 0 || v[i] > 255 || !Number.isInteger(v[i])) throw new RangeError(`safetensors: value ${v[i]} at element ${i} does not fit U8`);
    }
    return Uint8Array.from(v);
  }
  // TypedArrays are little-endian on every platform Flint runs on (x86, ARM, wasm).
  return new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
}

/**
 * Encodes host tensors as safetensors bytes the way the reference library does: data laid
 * out widest dtype first, then by name (so each tensor is aligned to its element size), the
 * JSON header padded with spaces to a multiple of 8 bytes, and `__metadata__`
 * (`{"format":"pt"}` unless given) so `safetensors.torch` loads it. Throws `SafetensorsError`
 * for what the reader would reject: reserved names, shapes that disagree with the values.
 */
export function encodeSafetensors(tensors: Readonly<Record<string, HostTensorData>>, metadata: Record<string, string> = { format: 'pt' }): Uint8Array {
  const size = (n: string): number => codecOf(tensors[n].fileDtype ?? FILE_DTYPE[tensors[n].dtype]).itemSize;
  // As the reference writer: widest dtype first, then by name, so every tensor stays aligned.
  const names = Object.keys(tensors).sort((a, b) => size(b) - size(a) || (a < b ? -1 : a > b ? 1 : 0));
  for (const n of names) checkTensor(n, tensors[n]);
  for (const [k, v] of Object.entries(metadata)) {
    if (typeof v !== 'string') throw new SafetensorsError('InvalidHeaderDeserialization', `metadata '${k}' must be a string, got ${typeof v}`);
  }
  const header: Record<string, unknown> = { __metadata__: metadata };
  const payloads = names.map((n) => payload(tensors[n]));
  let offset = 0;
  names.forEach((name, i) => {
    const t = tensors[name];
    const bytes = payloads[i].byteLength;
    header[name] = { dtype: t.fileDtype ?? FILE_DTYPE[t.dtype], shape: [...t.shape], data_offsets: [offset, offset + bytes] };
    offset += bytes;
  });
  let json = new TextEncoder().encode(JSON.stringify(header));
  const padded = Math.ceil(json.length / 8) * 8;
  if (padded !== json.length) {
    const p = new Uint8Array(padded).fill(0x20);
    p.set(json);
    json = p;
  }
  const out = new Uint8Array(8 + json.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  let at = 8 + json.length;
  for (const p of payloads) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

/** Reads every tensor (async on every backend) and encodes them as safetensors bytes. */
export async function writeSafetensors(tensors: Readonly<Record<string, Tensor>>, metadata?: Record<string, string>): Promise<Uint8Array> {
  const host: Record<string, HostTensorData> = {};
  for (const [name, t] of Object.entries(tensors)) host[name] = { dtype: t.dtype, shape: t.shape, values: await t.data() };
  return encodeSafetensors(host, metadata);
}
