import { Tensor, ShapeError, cat, to, unsqueeze } from '@flint/core';
import { isPlainObject } from './nested.js';

const fmt = (shape: readonly number[]): string => `[${shape.join(',')}]`;

function gatherTensors(outs: readonly Tensor[], device: string, dim: number, path: string): Tensor {
  const moved = outs.map((o) => to(o, device));
  if (moved.every((t) => t.ndim === 0)) {
    // PyTorch: gathering scalars along dim 0 unsqueezes them and returns a vector.
    return cat(moved.map((t) => unsqueeze(t, 0)), 0);
  }
  for (const t of moved) {
    if (!Number.isInteger(dim) || dim < -t.ndim || dim >= t.ndim) {
      throw new ShapeError(`DataParallel: cannot gather ${path} along dim ${dim}: a replica returned shape ${fmt(t.shape)}`);
    }
  }
  return cat(moved, dim);
}

/**
 * PyTorch's `gather`: joins the replicas' outputs on `device` along `dim`, through tensors,
 * arrays and plain objects of tensors alike (every replica must return the same structure).
 * Gradients flow back through the join and the copies to each replica's device. Scalars are
 * stacked into a vector, as PyTorch does; `null`/`undefined` stay as they are.
 */
export function gather(outs: readonly unknown[], device: string, dim: number, path = 'output'): unknown {
  const first = outs[0];
  if (first instanceof Tensor) {
    if (!outs.every((o): o is Tensor => o instanceof Tensor)) throw new TypeError(`DataParallel: cannot gather ${path}: some replicas returned a tensor there and others did not`);
    return outs.length === 1 ? to(first, device) : gatherTensors(outs, device, dim, path);
  }
  if (first === null || first === undefined) return first;
  if (Array.isArray(first)) {
    if (!outs.every((o) => Array.isArray(o) && o.length === first.length)) throw new TypeError(`DataParallel: cannot gather ${path}: the replicas returned arrays of different lengths`);
    return first.map((_, i) => gather(outs.map((o) => (o as unknown[])[i]), device, dim, `${path}[${i}]`));
  }
  if (isPlainObject(first)) {
    const keys = Object.keys(first);
    return Object.fromEntries(keys.map((k) => [k, gather(outs.map((o) => (o as Record<string, unknown>)[k]), device, dim, `${path}.${k}`)]));
  }
  throw new TypeError(`DataParallel: cannot gather ${path}: a replica returned a ${typeof first}; outputs must be tensors, or arrays/objects of tensors`);
}
