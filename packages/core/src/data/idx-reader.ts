import { fromValues } from '../ops/creation.js';
import type { Tensor } from '../tensor/tensor.js';

/*
 * The IDX format of MNIST and Fashion-MNIST (http://yann.lecun.com/exdb/mnist/): a big-endian
 * header `00 00 TT DD` (TT the element type, DD the number of dimensions), DD u32 dimension
 * sizes, then the elements. Browser-safe: it works on bytes; `@flint/core/node` reads files.
 */

/** Magic number of an MNIST image file (unsigned bytes, 3 dimensions). */
export const IDX_IMAGES_MAGIC = 0x00000803;
/** Magic number of an MNIST label file (unsigned bytes, 1 dimension). */
export const IDX_LABELS_MAGIC = 0x00000801;

/** IDX element types: code -> bytes per element. */
const ELEMENT_BYTES: Record<number, number> = { 0x08: 1, 0x09: 1, 0x0b: 2, 0x0c: 4, 0x0d: 4, 0x0e: 8 };

/** A decoded IDX header: where the elements start and what they are. */
export interface IdxHeader {
  readonly typeCode: number;
  readonly dims: number[];
  readonly dataOffset: number;
}

/** Parses and validates an IDX header, checking the byte length; `name` is used in errors. */
export function parseIdxHeader(bytes: Uint8Array, name: string, expectedMagic?: number): IdxHeader {
  const fail = (why: string): never => {
    throw new RangeError(`IDX ${name}: ${why}`);
  };
  if (bytes.length < 4) fail(`file is ${bytes.length} bytes, too short for an IDX header`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0, false);
  if (expectedMagic !== undefined && magic !== expectedMagic) {
    fail(`bad magic number 0x${hex(magic)}, expected 0x${hex(expectedMagic)}${bytes[0] === 0x1f && bytes[1] === 0x8b ? ' (the file is gzip-compressed; gunzip it first)' : ''}`);
  }
  if (bytes[0] !== 0 || bytes[1] !== 0) fail(`bad magic number 0x${hex(magic)}: the first two bytes must be zero`);
  const typeCode = bytes[2];
  const elementBytes = ELEMENT_BYTES[typeCode];
  if (elementBytes === undefined) fail(`unknown element type 0x${typeCode.toString(16)}`);
  const ndim = bytes[3];
  const dataOffset = 4 + 4 * ndim;
  if (bytes.length < dataOffset) fail(`file is ${bytes.length} bytes, too short for a ${ndim}-dimensional header`);
  const dims: number[] = [];
  for (let d = 0; d < ndim; d++) dims.push(view.getUint32(4 + 4 * d, false));
  const expected = dataOffset + dims.reduce((a, b) => a * b, 1) * elementBytes;
  if (bytes.length !== expected) {
    fail(`dimensions [${dims.join(',')}] need ${expected} bytes but the file has ${bytes.length}${bytes.length < expected ? ' (truncated?)' : ''}`);
  }
  return { typeCode, dims, dataOffset };
}

const hex = (n: number): string => n.toString(16).padStart(8, '0');

export interface IdxImageOptions {
  /** `float32` (default): a [N,1,H,W] tensor scaled to [0,1]; `uint8`: the raw pixel bytes. */
  format?: 'float32' | 'uint8';
}

/** Raw MNIST pixels with their [N,1,H,W] shape (no copy of the file bytes). */
export interface IdxImageBytes {
  readonly data: Uint8Array;
  readonly shape: [number, number, number, number];
}

/**
 * Decodes an MNIST/Fashion-MNIST image file (magic 0x00000803) into a float32 [N,1,H,W]
 * tensor scaled to [0,1], or with `{ format: 'uint8' }` the raw pixel bytes and their shape.
 */
export function decodeIdxImages(bytes: Uint8Array, name?: string, opts?: { format?: 'float32' }): Tensor;
export function decodeIdxImages(bytes: Uint8Array, name: string | undefined, opts: { format: 'uint8' }): IdxImageBytes;
export function decodeIdxImages(bytes: Uint8Array, name = 'images', opts: IdxImageOptions = {}): Tensor | IdxImageBytes {
  const h = parseIdxHeader(bytes, name, IDX_IMAGES_MAGIC);
  const [n, rows, cols] = h.dims;
  const pixels = bytes.subarray(h.dataOffset);
  const shape: [number, number, number, number] = [n, 1, rows, cols];
  if (opts.format === 'uint8') return { data: pixels, shape };
  const out = new Float32Array(pixels.length);
  for (let i = 0; i < pixels.length; i++) out[i] = pixels[i] / 255;
  return fromValues(out, shape, { dtype: 'float32' });
}

/** Decodes an MNIST/Fashion-MNIST label file (magic 0x00000801) into an int32 [N] tensor. */
export function decodeIdxLabels(bytes: Uint8Array, name = 'labels'): Tensor {
  const h = parseIdxHeader(bytes, name, IDX_LABELS_MAGIC);
  const labels = Int32Array.from(bytes.subarray(h.dataOffset));
  return fromValues(labels, [h.dims[0]], { dtype: 'int32' });
}

/** Builds the bytes of an IDX file of unsigned bytes (for tests and small exports). */
export function encodeIdxUint8(dims: readonly number[], values: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(4 + 4 * dims.length + values.length);
  const view = new DataView(out.buffer);
  out[2] = 0x08;
  out[3] = dims.length;
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  out.set(values, 4 + 4 * dims.length);
  return out;
}
