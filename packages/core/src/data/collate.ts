import { allocArray, type DType, type TypedArray } from '../tensor/dtype.js';
import { DTypeError, ShapeError, fmtShape } from '../tensor/errors.js';
import { Tensor } from '../tensor/tensor.js';
import { fromValues } from '../ops/creation.js';
import { hostArray, isHostArray, type HostArray, type HostValue } from './host-batch.js';
import { stackRows } from './row-ops.js';

/** Any array-like of numbers that collates to a tensor row. */
type NumericArray = TypedArray | Int8Array | Int16Array | Uint16Array | Uint8ClampedArray;

/**
 * What `defaultCollate` makes of a list of items of type `T`: tensors, numbers, booleans and
 * typed arrays become one batch tensor; strings a list; tuples, arrays and objects are
 * collated field by field (PyTorch's `default_collate`).
 */
export type Collated<T> = T extends Tensor | number | boolean | NumericArray | HostArray
  ? Tensor
  : T extends string
    ? string[]
    : T extends readonly unknown[]
      ? { -readonly [K in keyof T]: Collated<T[K]> }
      : T extends object
        ? { [K in keyof T]: Collated<T[K]> }
        : never;

/** A function from a list of items to a batch. */
export type CollateFn<T, B> = (items: T[]) => B;

/**
 * The dtype a numeric array collates to: float32/float64/int32 keep theirs, other integer
 * arrays (Uint8Array pixels, Int16Array, ...) widen to int32.
 */
function dtypeOfNumeric(a: NumericArray): DType {
  if (a instanceof Float32Array) return 'float32';
  if (a instanceof Float64Array) return 'float64';
  return 'int32';
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && (Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null);

const INT32_MAX = 2147483647;
const INT32_MIN = -2147483648;

/** Stacks numbers, booleans, typed arrays or host arrays into one host array. */
function stackHost(where: string, items: readonly unknown[]): HostArray {
  const n = items.length;
  const first = items[0];
  if (typeof first === 'number' || typeof first === 'boolean') {
    const isBool = typeof first === 'boolean';
    let ints = true;
    let wide = false;
    for (let i = 0; i < n; i++) {
      const v = items[i];
      if (typeof v !== typeof first) throw new DTypeError(`collate${where}: item ${i} is a ${typeof v} but item 0 is a ${typeof first}`);
      if (!isBool && !Number.isInteger(v)) ints = false;
      else if (!isBool && ((v as number) > INT32_MAX || (v as number) < INT32_MIN)) wide = true;
    }
    // Integers beyond int32 (ids, seeds) stay exact in float64 rather than wrapping.
    const dtype: DType = isBool ? 'bool' : !ints ? 'float32' : wide ? 'float64' : 'int32';
    const data = allocArray(dtype, n);
    for (let i = 0; i < n; i++) data[i] = Number(items[i]);
    return hostArray(data, [n], dtype);
  }
  const rowOf = (v: unknown): { data: ArrayLike<number>; shape: readonly number[]; dtype: DType } =>
    isHostArray(v) ? v : { data: v as NumericArray, shape: [(v as NumericArray).length], dtype: dtypeOfNumeric(v as NumericArray) };
  const head = rowOf(first);
  const rowSize = head.data.length;
  const data = new (head.dtype === 'float32' ? Float32Array : head.dtype === 'float64' ? Float64Array : head.dtype === 'bool' ? Uint8Array : Int32Array)(n * rowSize);
  for (let i = 0; i < n; i++) {
    const r = isHostArray(items[i]) || ArrayBuffer.isView(items[i]) ? rowOf(items[i]) : null;
    if (!r || r.data.length !== rowSize || r.shape.length !== head.shape.length || r.shape.some((d, k) => d !== head.shape[k])) {
      const got = r ? fmtShape(r.shape) : typeof items[i];
      throw new ShapeError(`collate${where}: item ${i} is ${got} but item 0 is ${fmtShape(head.shape)}; every item must match to be stacked`);
    }
    data.set(r.data, i * rowSize);
  }
  return hostArray(data, [n, ...head.shape], head.dtype);
}

/**
 * Collates `items` field by field. Host leaves go through `leaf`, tensor leaves through
 * `tensors`; the walk is shared by the main-thread collate and the worker's host collate.
 */
export function collateWith<R>(
  items: readonly unknown[],
  leaf: (h: HostArray) => R,
  tensors: (where: string, ts: Tensor[]) => R,
  where = '',
): unknown {
  if (items.length === 0) throw new ShapeError('collate: cannot collate an empty batch');
  const first = items[0];
  if (first instanceof Tensor) {
    items.forEach((t, i) => {
      if (!(t instanceof Tensor)) throw new DTypeError(`collate${where}: item ${i} is not a Tensor but item 0 is`);
    });
    return tensors(where, items as Tensor[]);
  }
  if (typeof first === 'number' || typeof first === 'boolean' || ArrayBuffer.isView(first) || isHostArray(first)) {
    return leaf(stackHost(where, items));
  }
  if (typeof first === 'string') return [...items];
  if (Array.isArray(first)) {
    const len = first.length;
    items.forEach((it, i) => {
      if (!Array.isArray(it) || it.length !== len) {
        throw new ShapeError(`collate${where}: each item must have the same number of fields: item ${i} has ${Array.isArray(it) ? it.length : 'none'}, item 0 has ${len}`);
      }
    });
    return first.map((_, k) => collateWith((items as unknown[][]).map((it) => it[k]), leaf, tensors, `${where}[${k}]`));
  }
  if (isPlainObject(first)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(first)) {
      const column = items.map((it, i) => {
        if (!isPlainObject(it) || !(key in it)) throw new ShapeError(`collate${where}: item ${i} has no field '${key}'`);
        return it[key];
      });
      out[key] = collateWith(column, leaf, tensors, `${where}.${key}`);
    }
    return out;
  }
  const kind = first === null ? 'null' : typeof first === 'object' ? (first.constructor?.name ?? 'object') : typeof first;
  throw new DTypeError(`collate${where}: cannot collate items of type ${kind}; pass a custom collate function`);
}

/**
 * PyTorch's `default_collate`: stacks tensors (and numbers, booleans, typed arrays) of a
 * batch into one tensor with a leading batch dimension, keeps strings as a list, and recurses
 * into arrays and plain objects. Integers collate to int32 (float64 beyond the int32 range),
 * other numbers to float32.
 */
export function defaultCollate<T>(items: T[]): Collated<T> {
  return collateWith(
    items,
    (h) => fromValues(h.data, h.shape, { dtype: h.dtype }),
    (where, ts) => stackRows(`collate${where}`, ts),
  ) as Collated<T>;
}

/**
 * Collates on the host: tensors are read back (async) and everything stays typed arrays, so
 * the result can be posted across threads. What a worker runs.
 */
export async function collateToHost(items: unknown[]): Promise<HostValue> {
  const hostItems = await Promise.all(items.map(toHostItem));
  return collateWith(hostItems, (h) => h, () => {
    throw new Error('collateToHost: unreachable, tensors were read back');
  }) as HostValue;
}

/** Reads every tensor in `v` back into a host array, keeping the structure. */
export async function toHostItem(v: unknown): Promise<unknown> {
  if (v instanceof Tensor) return hostArray(await v.data(), [...v.shape], v.dtype);
  if (Array.isArray(v)) return Promise.all(v.map(toHostItem));
  if (isPlainObject(v)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = await toHostItem(x);
    return out;
  }
  return v;
}
