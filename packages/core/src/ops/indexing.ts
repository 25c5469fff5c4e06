import { isFloat } from '../tensor/dtype.js';
import { DTypeError, ShapeError, fmtShape } from '../tensor/errors.js';
import { normalizeAxis, type Shape } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { runKernel, sameDevice } from './dispatch.js';
import { record } from './record.js';
import { contiguous } from './unary.js';
import { reshape, unsqueeze } from './view.js';
import { eq } from './binary.js';
import { where } from './where.js';

function assertIndex(op: string, index: Tensor): void {
  if (index.dtype !== 'int32') throw new DTypeError(`${op}: index must be an int32 tensor, got ${index.dtype}`);
}

/**
 * `torch.gather`: `out[i][j] = x[i][index[i][j]]` for `dim = 1`, in any rank. `index` is int32
 * with x's rank and no larger than x in the other dimensions; the output has index's shape.
 * Out-of-range indices throw a RangeError.
 */
export function gather(x: Tensor, dim: number, index: Tensor): Tensor {
  sameDevice('gather', [x, index]);
  assertIndex('gather', index);
  if (x.ndim === 0 && index.ndim <= 1) return reshape(gather(reshape(x, [1]), 0, reshape(index, [index.size])), index.shape);
  const axis = normalizeAxis('gather', dim, x.ndim);
  if (index.ndim !== x.ndim) {
    throw new ShapeError(`gather: index ${fmtShape(index.shape)} and input ${fmtShape(x.shape)} must have the same number of dimensions`);
  }
  index.shape.forEach((d, i) => {
    if (i !== axis && d > x.shape[i]) {
      throw new ShapeError(`gather: index ${fmtShape(index.shape)} is larger than input ${fmtShape(x.shape)} in dimension ${i}`);
    }
  });
  const idx = contiguous(index);
  const out = runKernel('Gather', { x: contiguous(x), index: idx }, { axis });
  const from = x.shape;
  return record('gather', [x], out, [idx], ([g], [si]) => [scatterAddZeros(si, g, axis, from)]);
}

/** zeros(shape) with `src` added at `index` along `axis`; its gradient is a gather. */
function scatterAddZeros(index: Tensor, src: Tensor, axis: number, shape: Shape): Tensor {
  const out = runKernel('ScatterAdd', { index, src: contiguous(src) }, { axis, shape: [...shape] });
  return record('scatterAdd', [src], out, [index], ([g], [si]) => [gather(g, axis, si)]);
}

/**
 * `torch.index_select`: the slices `index[0], index[1], ...` of x along `dim`, where `index`
 * is a 1-D int32 tensor. Out-of-range indices throw a RangeError.
 */
export function indexSelect(x: Tensor, dim: number, index: Tensor): Tensor {
  sameDevice('indexSelect', [x, index]);
  assertIndex('indexSelect', index);
  if (index.ndim > 1) throw new ShapeError(`indexSelect: index must be 1-D, got ${fmtShape(index.shape)}`);
  if (x.ndim === 0) return reshape(indexSelect(reshape(x, [1]), 0, index), index.shape);
  const axis = normalizeAxis('indexSelect', dim, x.ndim);
  const idx = contiguous(index.ndim === 0 ? reshape(index, [1]) : index);
  const out = runKernel('IndexSelect', { x: contiguous(x), index: idx }, { axis });
  const from = x.shape;
  return record('indexSelect', [x], out, [idx], ([g], [si]) => [indexAddZeros(si, g, axis, from)]);
}

/** zeros(shape) with slice j of `src` added into slice index[j] along `axis`; its gradient is an index_select. */
function indexAddZeros(index: Tensor, src: Tensor, axis: number, shape: Shape): Tensor {
  const out = runKernel('IndexAdd', { index, src: contiguous(src) }, { axis, shape: [...shape] });
  return record('indexAdd', [src], out, [index], ([g], [si]) => [indexSelect(g, axis, si)]);
}

/**
 * `torch.nn.functional.embedding`: rows of `weight` ([numEmbeddings, D]) picked by the int32
 * `indices` of any shape; the result has shape `[...indices.shape, D]`. With `paddingIdx`
 * (negative counts from the end) the rows picked at that index pass no gradient to `weight`,
 * as PyTorch's; the forward is unchanged.
 */
export function embedding(indices: Tensor, weight: Tensor, opts: { paddingIdx?: number | null } = {}): Tensor {
  const pad = opts.paddingIdx ?? null;
  if (pad !== null) return paddedEmbedding(indices, weight, pad);
  assertIndex('embedding', indices);
  if (weight.ndim !== 2) throw new ShapeError(`embedding: weight must be 2-D [numEmbeddings, dim], got ${fmtShape(weight.shape)}`);
  if (!isFloat(weight.dtype)) throw new DTypeError(`embedding: weight must be floating point, got ${weight.dtype}`);
  let rows: Tensor;
  try {
    rows = indexSelect(weight, 0, reshape(indices, [indices.size]));
  } catch (e) {
    if (e instanceof RangeError) throw new RangeError(e.message.replace(/^indexSelect:/, 'embedding:'));
    throw e;
  }
  return reshape(rows, [...indices.shape, weight.shape[1]]);
}

function paddedEmbedding(indices: Tensor, weight: Tensor, paddingIdx: number): Tensor {
  const n = weight.ndim === 2 ? weight.shape[0] : 0;
  if (!Number.isInteger(paddingIdx) || paddingIdx < -n || paddingIdx >= n) {
    throw new RangeError(`embedding: paddingIdx ${paddingIdx} is out of range for weight ${fmtShape(weight.shape)}`);
  }
  const rows = embedding(indices, weight);
  const atPad = unsqueeze(eq(indices, paddingIdx < 0 ? paddingIdx + n : paddingIdx), -1);
  // The padding rows' values come from a detached copy, so no gradient reaches weight[paddingIdx].
  return where(atPad, rows.detach(), rows);
}
