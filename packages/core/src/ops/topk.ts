import { isFloat } from '../tensor/dtype.js';
import { DTypeError, ShapeError, fmtShape } from '../tensor/errors.js';
import { normalizeAxis } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { noGrad } from '../autograd/grad-mode.js';
import { eq } from './binary.js';
import { arange } from './creation.js';
import { gather } from './indexing.js';
import { cat } from './join.js';
import { argmax } from './reduce.js';
import { cast, neg } from './unary.js';
import { reshape, transpose } from './view.js';
import { where } from './where.js';

export interface TopkOptions {
  /** Default -1. */
  dim?: number;
  /** The largest (default) or the smallest `k`. */
  largest?: boolean;
}

/**
 * `torch.topk`: the `k` largest (or smallest) values along `dim`, sorted, and their int32
 * indices (ties: the lower index first). Runs as `k` rounds of argmax on the device (meant for
 * sampling, small `k`); the values are a gather, so their gradient reaches `x`.
 */
export function topk(x: Tensor, k: number, opts: TopkOptions = {}): [Tensor, Tensor] {
  if (!isFloat(x.dtype)) throw new DTypeError(`topk: input must be floating point, got ${x.dtype}`);
  if (x.ndim === 0) throw new ShapeError('topk: input must have at least one dimension');
  const axis = normalizeAxis('topk', opts.dim ?? -1, x.ndim);
  const n = x.shape[axis];
  if (!Number.isInteger(k) || k < 0 || k > n) throw new RangeError(`topk: k=${k} is out of range for dimension ${axis} of size ${n} in ${fmtShape(x.shape)}`);
  const indices = noGrad(() => {
    const last = transpose(x, axis, -1);
    let work = opts.largest === false ? neg(last) : last;
    const positions = reshape(arange(0, n, 1, { device: x.device }), [...work.shape.slice(0, -1).map(() => 1), n]);
    const picks: Tensor[] = [];
    for (let i = 0; i < k; i++) {
      const best = argmax(work, -1, true);
      picks.push(best);
      work = where(eq(positions, best), -Infinity, work);
    }
    const idx = picks.length ? cat(picks, -1) : cast(reshape(arange(0, 0, 1, { device: x.device }), [...last.shape.slice(0, -1), 0]), 'int32');
    return transpose(idx, axis, -1).contiguous();
  });
  return [gather(x, axis, indices), indices];
}
