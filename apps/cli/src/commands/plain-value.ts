import { Tensor } from '@flint/core';

/**
 * A prediction as plain JSON data: tensors become nested arrays (`tolist()`), arrays and
 * objects are walked, numbers, strings, booleans and null stay.
 */
export async function toPlainValue(v: unknown): Promise<unknown> {
  if (v instanceof Tensor) return v.toArray();
  if (Array.isArray(v)) return Promise.all(v.map(toPlainValue));
  if (typeof v === 'object' && v !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = await toPlainValue(x);
    return out;
  }
  return v;
}

/** Frees every tensor inside a prediction (the caller of `predict` owns them). */
export function disposeTensors(v: unknown): void {
  if (v instanceof Tensor) v.dispose();
  else if (Array.isArray(v)) v.forEach(disposeTensors);
  else if (typeof v === 'object' && v !== null) Object.values(v).forEach(disposeTensors);
}
