import type { DType, TypedArray } from '../tensor/dtype.js';
import { SafetensorsError } from './safetensors-error.js';

/** Element types of the safetensors format that Flint reads. */
export type SafetensorsDType = 'F64' | 'F32' | 'F16' | 'BF16' | 'I64' | 'I32' | 'U8' | 'BOOL';

interface DTypeCodec {
  /** Bytes per element in the file. */
  readonly itemSize: number;
  /** The Flint dtype the values become. */
  readonly flint: DType;
  /** Decodes `count` little-endian elements starting at `view`'s byte 0. */
  decode(view: DataView, count: number, name: string): TypedArray;
}

const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Copies the bytes out (aligned) and views them directly when the host is little-endian. */
function direct<T extends TypedArray>(
  make: (buf: ArrayBuffer) => T,
  alloc: (n: number) => T,
  read: (v: DataView, byte: number) => number,
  size: number,
): (view: DataView, count: number) => T {
  return (view, count) => {
    if (LITTLE_ENDIAN_HOST) {
      const copy = new Uint8Array(count * size);
      copy.set(new Uint8Array(view.buffer, view.byteOffset, count * size));
      return make(copy.buffer);
    }
    const out = alloc(count);
    for (let i = 0; i < count; i++) out[i] = read(view, i * size);
    return out;
  };
}

/** IEEE half precision to float32 (subnormals, infinities and NaN included). */
export function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 0x1f) return frac ? NaN : sign * Infinity;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

const bf16Scratch = new DataView(new ArrayBuffer(4));

/** bfloat16 is the top half of a float32. */
export function bf16ToFloat(h: number): number {
  bf16Scratch.setUint32(0, h << 16, true);
  return bf16Scratch.getFloat32(0, true);
}

function widen(fn: (bits: number) => number): (view: DataView, count: number) => Float32Array {
  return (view, count) => {
    const out = new Float32Array(count);
    for (let i = 0; i < count; i++) out[i] = fn(view.getUint16(i * 2, true));
    return out;
  };
}

const I32_MIN = BigInt(-(2 ** 31));
const I32_MAX = BigInt(2 ** 31 - 1);

const CODECS: Record<SafetensorsDType, DTypeCodec> = {
  F64: { itemSize: 8, flint: 'float64', decode: direct((b) => new Float64Array(b), (n) => new Float64Array(n), (v, o) => v.getFloat64(o, true), 8) },
  F32: { itemSize: 4, flint: 'float32', decode: direct((b) => new Float32Array(b), (n) => new Float32Array(n), (v, o) => v.getFloat32(o, true), 4) },
  F16: { itemSize: 2, flint: 'float32', decode: widen(halfToFloat) },
  BF16: { itemSize: 2, flint: 'float32', decode: widen(bf16ToFloat) },
  I32: { itemSize: 4, flint: 'int32', decode: direct((b) => new Int32Array(b), (n) => new Int32Array(n), (v, o) => v.getInt32(o, true), 4) },
  I64: {
    itemSize: 8,
    flint: 'int32',
    decode: (view, count, name) => {
      const out = new Int32Array(count);
      for (let i = 0; i < count; i++) {
        const v = view.getBigInt64(i * 8, true);
        if (v < I32_MIN || v > I32_MAX) {
          throw new SafetensorsError('ValueOutOfRange', `tensor '${name}': I64 value ${v} at element ${i} does not fit Flint's int32`);
        }
        out[i] = Number(v);
      }
      return out;
    },
  },
  U8: {
    itemSize: 1,
    flint: 'int32',
    decode: (view, count) => Int32Array.from(new Uint8Array(view.buffer, view.byteOffset, count)),
  },
  BOOL: {
    itemSize: 1,
    flint: 'bool',
    decode: (view, count) => {
      const src = new Uint8Array(view.buffer, view.byteOffset, count);
      const out = new Uint8Array(count);
      for (let i = 0; i < count; i++) out[i] = src[i] ? 1 : 0;
      return out;
    },
  },
};

export const isSafetensorsDType = (s: unknown): s is SafetensorsDType => typeof s === 'string' && Object.hasOwn(CODECS, s);

/** How a safetensors dtype is sized and decoded. */
export const codecOf = (dtype: SafetensorsDType): DTypeCodec => CODECS[dtype];
