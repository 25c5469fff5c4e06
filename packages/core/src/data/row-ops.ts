import { noGrad } from '../autograd/grad-mode.js';
import { ShapeError, fmtShape } from '../tensor/errors.js';
import { shapesEqual } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { copyInto } from '../ops/copy-into.js';
import { fromValues, zeros } from '../ops/creation.js';
import { indexSelect } from '../ops/indexing.js';
import { contiguous } from '../ops/unary.js';
import { narrow, reshape } from '../ops/view.js';

/*
 * The two tensor moves a data pipeline makes: taking row i of a tensor, and gathering rows
 * (or whole tensors) into one batch tensor. Neither is recorded by autograd.
 */

/** Row `index` of `t` along dim 0, as a view (`t[index]`). */
export function row(t: Tensor, index: number): Tensor {
  return noGrad(() => {
    const r = narrow(t, 0, index, 1);
    const out = reshape(r, t.shape.slice(1));
    if (out !== r) r.dispose();
    return out;
  });
}

/** `t[indices]` along dim 0 as a new dense tensor (one gather; a run of consecutive indices is one copy). */
export function selectRows(t: Tensor, indices: readonly number[]): Tensor {
  return noGrad(() => {
    const n = indices.length;
    let run = n > 0;
    for (let i = 1; i < n && run; i++) run = indices[i] === indices[0] + i;
    if (run) {
      const v = narrow(t, 0, indices[0], n);
      const out = contiguous(v);
      if (out !== v) v.dispose();
      return out;
    }
    const index = fromValues(Int32Array.from(indices), [n], { dtype: 'int32', device: t.device });
    const out = indexSelect(t, 0, index);
    index.dispose();
    return out;
  });
}

/** Stacks same-shape tensors along a new dim 0 (`torch.stack(ts)`), naming `op` on a mismatch. */
export function stackRows(op: string, ts: readonly Tensor[]): Tensor {
  if (ts.length === 0) throw new ShapeError(`${op}: cannot stack an empty batch`);
  const first = ts[0];
  for (let i = 1; i < ts.length; i++) {
    const t = ts[i];
    if (!shapesEqual(t.shape, first.shape) || t.dtype !== first.dtype || t.device !== first.device) {
      throw new ShapeError(
        `${op}: batch item ${i} is ${fmtShape(t.shape)} ${t.dtype} on ${t.device} but item 0 is ` +
          `${fmtShape(first.shape)} ${first.dtype} on ${first.device}; every item must match to be stacked`,
      );
    }
  }
  return noGrad(() => {
    const out = zeros([ts.length, ...first.shape], { dtype: first.dtype, device: first.device });
    for (let i = 0; i < ts.length; i++) {
      // [...shape] broadcasts into the [1, ...shape] slot.
      const dst = narrow(out, 0, i, 1);
      copyInto(dst, ts[i]);
      dst.dispose();
    }
    return out;
  });
}
