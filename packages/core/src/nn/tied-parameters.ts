import { Tensor } from '../tensor/tensor.js';
import type { StateDict } from './module-tree.js';
import { isParameter } from './parameter.js';

/**
 * Makes `owner[field]` the parameter `param` of another module (GPT's
 * `lm_head.weight = wte.weight`). The tensor is then one parameter: `parameters()` lists it
 * once, `stateDict()` has it under both keys (as PyTorch's), and `loadStateDict` fills it from
 * either key. The field keeps its place in the owner's key order; the tensor it held before is
 * disposed.
 */
export function tieParameter(owner: object, field: string, param: Tensor): void {
  if (!isParameter(param)) throw new TypeError(`tieParameter: the tensor tied to '${field}' must be a parameter`);
  if (!(field in owner)) throw new TypeError(`tieParameter: the module has no field '${field}' to tie`);
  const replaced = (owner as Record<string, unknown>)[field];
  if (replaced instanceof Tensor && replaced !== param) replaced.dispose();
  Object.defineProperty(owner, field, { value: param, enumerable: true, writable: false, configurable: true });
}

/**
 * The keys of `own` that `sd` leaves unfilled: a key counts as filled when `sd` has it or any
 * other key of `own` that holds the same tensor (tied weights load from either key).
 */
export function missingStateKeys(own: StateDict, sd: Readonly<Record<string, unknown>>): string[] {
  const filled = new Set<Tensor>();
  for (const [k, t] of Object.entries(own)) if (k in sd) filled.add(t);
  return Object.keys(own).filter((k) => !(k in sd) && !filled.has(own[k])).sort();
}
