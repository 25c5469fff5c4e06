import type { DType, TypedArray } from '../tensor/dtype.js';
import type { Tensor } from '../tensor/tensor.js';
import type { SafetensorsDType } from './safetensors-dtype.js';

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
 * Encodes host tensors as safetensors bytes the way the reference library does: keys
 * sorted, data laid out in that order, the JSON header padded with spaces to a multiple of 8
 * bytes, and `__metadata__` (`{"format":"pt"}` unless given) so `safetensors.torch` loads it.
 */
export function encodeSafetensors(tensors: Readonly<Record<string, HostTensorData>>, metadata: Record<string, string> = { format: 'pt' }): Uint8Array {
  const names = Object.keys(tensors).sort();
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
