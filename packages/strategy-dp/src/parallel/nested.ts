import { Tensor } from '@flint/core';

/** A plain object literal (`{ x, y }`), as opposed to a class instance, which is passed as is. */
export const isPlainObject = (v: unknown): v is Record<string, unknown> => {
  if (typeof v !== 'object' || v === null) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
};

/** Every tensor inside `value` (arrays and plain objects, recursively) with its path for messages. */
export function* tensorsIn(value: unknown, path: string): Generator<[string, Tensor]> {
  if (value instanceof Tensor) yield [path, value];
  else if (Array.isArray(value)) for (let i = 0; i < value.length; i++) yield* tensorsIn(value[i], `${path}[${i}]`);
  else if (isPlainObject(value)) for (const [k, v] of Object.entries(value)) yield* tensorsIn(v, `${path}.${k}`);
}

/** Rebuilds `value` with every tensor replaced by `f(tensor)`; other leaves are kept as they are. */
export function mapTensors(value: unknown, f: (t: Tensor) => unknown): unknown {
  if (value instanceof Tensor) return f(value);
  if (Array.isArray(value)) return value.map((v) => mapTensors(v, f));
  if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapTensors(v, f)]));
  return value;
}
