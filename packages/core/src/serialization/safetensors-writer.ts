import type { DType, TypedArray } from '../tensor/dtype.js';
import type { Tensor } from '../tensor/tensor.js';
import type { SafetensorsDType } from './safetensors-dtype.js';

const FILE_DTYPE: Record<DType, SafetensorsDType> = { float32: 'F32', float64: 'F64', int32: 'I32', bool: 'BOOL' };

/** Host values of one tensor to write. */
export interface HostTensorData {
  readonly dtype: DType;
  readonly shape: readonly number[];
  readonly values: TypedArray;
}

/**
 * Encodes host tensors as safetensors bytes the way the reference library does: keys
 * sorted, data laid out in that order, the JSON header padded with spaces to a multiple of 8
 * bytes, and `__metadata__` (`{"format":"pt"}` unless given) so `safetensors.torch` loads it.
 */
export function encodeSafetensors(tensors: Readonly<Record<string, HostTensorData>>, metadata: Record<string, string> = { format: 'pt' }): Uint8Array {
  const names = Object.keys(tensors).sort();
  const header: Record<string, unknown> = { __metadata__: metadata };
  let offset = 0;
  for (const name of names) {
    const t = tensors[name];
    const bytes = t.values.byteLength;
    header[name] = { dtype: FILE_DTYPE[t.dtype], shape: [...t.shape], data_offsets: [offset, offset + bytes] };
    offset += bytes;
  }
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
  for (const name of names) {
    const v = tensors[name].values;
    // TypedArrays are little-endian on every platform Flint runs on (x86, ARM, wasm).
    out.set(new Uint8Array(v.buffer, v.byteOffset, v.byteLength), at);
    at += v.byteLength;
  }
  return out;
}

/** Reads every tensor (async on every backend) and encodes them as safetensors bytes. */
export async function writeSafetensors(tensors: Readonly<Record<string, Tensor>>, metadata?: Record<string, string>): Promise<Uint8Array> {
  const host: Record<string, HostTensorData> = {};
  for (const [name, t] of Object.entries(tensors)) host[name] = { dtype: t.dtype, shape: t.shape, values: await t.data() };
  return encodeSafetensors(host, metadata);
}
