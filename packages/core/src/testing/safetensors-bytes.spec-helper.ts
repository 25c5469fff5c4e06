/** One tensor to encode: dtype name as in the file, shape, raw little-endian bytes. */
export interface RawTensor {
  dtype: string;
  shape: number[];
  bytes: Uint8Array;
}

export const bytesOf = (a: ArrayBufferView): Uint8Array => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

/** Header text plus data chunks as a safetensors buffer (no validation: tests feed it bad headers too). */
export function assemble(json: string, chunks: Uint8Array[]): Uint8Array {
  const head = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + head.length + chunks.reduce((n, c) => n + c.length, 0));
  new DataView(out.buffer).setBigUint64(0, BigInt(head.length), true);
  out.set(head, 8);
  let at = 8 + head.length;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** Encodes tensors the way the Python library does (data in insertion order). */
export function encodeSafetensors(tensors: Record<string, RawTensor>, extra: Record<string, unknown> = {}): Uint8Array {
  const header: Record<string, unknown> = { ...extra };
  let offset = 0;
  for (const [name, t] of Object.entries(tensors)) {
    header[name] = { dtype: t.dtype, shape: t.shape, data_offsets: [offset, offset + t.bytes.length] };
    offset += t.bytes.length;
  }
  return assemble(JSON.stringify(header), Object.values(tensors).map((t) => t.bytes));
}

/** A float32 tensor entry. */
export const f32 = (shape: number[], values: number[]): RawTensor => ({ dtype: 'F32', shape, bytes: bytesOf(new Float32Array(values)) });
