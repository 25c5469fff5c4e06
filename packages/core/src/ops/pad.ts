import { ShapeError, fmtShape } from '../tensor/errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { fromValues, full } from './creation.js';
import { indexSelect } from './indexing.js';
import { cat } from './join.js';
import { narrow } from './view.js';

/** How `pad` fills the new border (`torch.nn.functional.pad`'s `mode`). */
export type PadMode = 'constant' | 'reflect' | 'replicate' | 'circular';

export interface PadOptions {
  /** Default 'constant'. */
  mode?: PadMode;
  /** The fill of 'constant' mode; default 0. */
  value?: number;
}

/** Source index of output position `i` of a dimension of size `n` padded by `before`. */
const SOURCE: Record<Exclude<PadMode, 'constant'>, (i: number, n: number) => number> = {
  reflect: (i, n) => {
    const period = 2 * (n - 1);
    const m = ((i % period) + period) % period;
    return m < n ? m : period - m;
  },
  replicate: (i, n) => Math.min(Math.max(i, 0), n - 1),
  circular: (i, n) => ((i % n) + n) % n,
};

/**
 * `torch.nn.functional.pad`: `pad` lists (before, after) pairs starting from the LAST
 * dimension, as PyTorch's does (`[left, right, top, bottom]` pads W then H). 'constant' fills
 * with `value` (negative amounts crop); 'reflect' mirrors without repeating the edge (each
 * amount < the size), 'replicate' repeats it, 'circular' wraps. Differentiable in `x`.
 */
export function pad(x: Tensor, amounts: readonly number[], opts: PadOptions = {}): Tensor {
  const mode = opts.mode ?? 'constant';
  const fail = (why: string): never => {
    throw new ShapeError(`pad: input ${fmtShape(x.shape)}, pad ${fmtShape(amounts)}: ${why}`);
  };
  if (amounts.length % 2 !== 0) fail('pad must list (before, after) pairs');
  if (amounts.length / 2 > x.ndim) fail(`pads ${amounts.length / 2} dimensions of a ${x.ndim}-D input`);
  if (amounts.some((p) => !Number.isInteger(p))) fail('amounts must be integers');
  if (!(mode in SOURCE) && mode !== 'constant') fail(`unknown mode '${String(mode)}'`);
  let out = x;
  for (let k = 0; k < amounts.length / 2; k++) {
    const dim = x.ndim - 1 - k;
    const [before, after] = [amounts[2 * k], amounts[2 * k + 1]];
    if (before === 0 && after === 0) continue;
    const n = out.shape[dim];
    if (mode === 'constant') {
      out = constantPad(out, dim, before, after, opts.value ?? 0, fail);
      continue;
    }
    if (before < 0 || after < 0) fail(`${mode} padding must be non-negative`);
    if (mode === 'reflect' && (before >= n || after >= n)) fail(`reflect padding of dimension ${dim} must be smaller than its size ${n}`);
    if (mode === 'circular' && (before > n || after > n)) fail(`circular padding of dimension ${dim} must not exceed its size ${n}`);
    const index = new Int32Array(n + before + after);
    for (let i = 0; i < index.length; i++) index[i] = SOURCE[mode](i - before, n);
    const idx = fromValues(index, [index.length], { dtype: 'int32', device: x.device });
    out = indexSelect(out, dim, idx);
    idx.dispose();
  }
  return out;
}

function constantPad(x: Tensor, dim: number, before: number, after: number, value: number, fail: (why: string) => never): Tensor {
  const n = x.shape[dim];
  if (n + Math.min(before, 0) + Math.min(after, 0) < 0) fail(`crops more than the ${n} elements of dimension ${dim}`);
  let core = x;
  if (before < 0 || after < 0) core = narrow(x, dim, Math.max(-before, 0), n + Math.min(before, 0) + Math.min(after, 0));
  const border = (size: number): Tensor => {
    const shape = [...x.shape];
    shape[dim] = size;
    return full(shape, value, { dtype: x.dtype, device: x.device });
  };
  const parts = [...(before > 0 ? [border(before)] : []), core, ...(after > 0 ? [border(after)] : [])];
  return parts.length === 1 ? core : cat(parts, dim);
}
