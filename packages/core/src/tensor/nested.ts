import type { TypedArray } from './dtype.js';
import type { Shape } from './shape.js';

/** Values of any rank as nested arrays; a rank-0 tensor is a bare number. */
export type NestedArray = number | NestedArray[];

/** What `tensor()` accepts: numbers or booleans, nested to any depth. */
export type NestedData = number | boolean | readonly NestedData[];

export function toNested(values: TypedArray, shape: Shape): NestedArray {
  if (shape.length === 0) return values[0];
  const build = (dim: number, offset: number): NestedArray[] => {
    const n = shape[dim];
    const out: NestedArray[] = new Array(n);
    if (dim === shape.length - 1) {
      for (let i = 0; i < n; i++) out[i] = values[offset + i];
      return out;
    }
    let stride = 1;
    for (let d = dim + 1; d < shape.length; d++) stride *= shape[d];
    for (let i = 0; i < n; i++) out[i] = build(dim + 1, offset + i * stride);
    return out;
  };
  return build(0, 0);
}

/** Infers the shape of nested arrays and flattens them; throws on ragged input. */
export function flattenNested(data: NestedData): { shape: number[]; values: number[]; isBool: boolean } {
  const shape: number[] = [];
  let probe: unknown = data;
  while (Array.isArray(probe)) {
    shape.push(probe.length);
    probe = probe[0];
  }
  const values: number[] = [];
  const walk = (x: unknown, dim: number): void => {
    if (dim === shape.length) {
      if (Array.isArray(x)) throw new RangeError('tensor: ragged nested array');
      values.push(typeof x === 'boolean' ? Number(x) : (x as number));
      return;
    }
    if (!Array.isArray(x) || x.length !== shape[dim]) {
      throw new RangeError(`tensor: ragged nested array at depth ${dim}: expected length ${shape[dim]}`);
    }
    for (const el of x) walk(el, dim + 1);
  };
  walk(data, 0);
  return { shape, values, isBool: typeof probe === 'boolean' };
}
