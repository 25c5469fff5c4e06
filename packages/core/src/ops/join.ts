import { ShapeError, DTypeError, fmtShape } from '../tensor/errors.js';
import { normalizeAxis, shapesEqual } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { copyInto } from './copy-into.js';
import { zeros } from './creation.js';
import { sameDevice } from './dispatch.js';
import { record, wants } from './record.js';
import { narrow, unsqueeze } from './view.js';

const shapesOf = (ts: readonly Tensor[]): string => ts.map((t) => fmtShape(t.shape)).join(', ');

/**
 * `torch.cat`: joins tensors along an existing dimension `dim`. All must share rank, dtype,
 * device and every size except `dim`'s. The gradient of each input is its slice of the
 * output's gradient.
 */
export function cat(tensors: readonly Tensor[], dim = 0): Tensor {
  if (tensors.length === 0) throw new ShapeError('cat: expected a non-empty list of tensors');
  sameDevice('cat', tensors);
  const first = tensors[0];
  if (first.ndim === 0) throw new ShapeError('cat: zero-dimensional tensors cannot be concatenated; use stack');
  const axis = normalizeAxis('cat', dim, first.ndim);
  for (const t of tensors) {
    if (t.dtype !== first.dtype) throw new DTypeError(`cat: expected all tensors to have dtype ${first.dtype}, got ${t.dtype}`);
    const same = t.ndim === first.ndim && t.shape.every((d, i) => i === axis || d === first.shape[i]);
    if (!same) {
      throw new ShapeError(`cat: ${shapesOf(tensors)}: sizes must match except in dimension ${dim}`);
    }
  }
  const sizes = tensors.map((t) => t.shape[axis]);
  const shape = [...first.shape];
  shape[axis] = sizes.reduce((a, b) => a + b, 0);
  const out = zeros(shape, { dtype: first.dtype, device: first.device });
  const starts: number[] = [];
  let at = 0;
  tensors.forEach((t, i) => {
    starts.push(at);
    if (sizes[i] > 0) {
      const part = narrow(out, axis, at, sizes[i]);
      copyInto(part, t);
      part.dispose();
    }
    at += sizes[i];
  });
  const want = tensors.map(wants);
  return record('cat', tensors, out, [], ([g]) => tensors.map((_, i) => (want[i] ? narrow(g, axis, starts[i], sizes[i]) : null)));
}

/** `torch.stack`: joins same-shaped tensors along a new dimension `dim`. */
export function stack(tensors: readonly Tensor[], dim = 0): Tensor {
  if (tensors.length === 0) throw new ShapeError('stack: expected a non-empty list of tensors');
  const first = tensors[0];
  tensors.forEach((t, i) => {
    if (!shapesEqual(t.shape, first.shape)) {
      throw new ShapeError(`stack: expects each tensor to be equal size, but got ${fmtShape(first.shape)} at entry 0 and ${fmtShape(t.shape)} at entry ${i}`);
    }
  });
  const axis = normalizeAxis('stack', dim, first.ndim + 1);
  return cat(tensors.map((t) => unsqueeze(t, axis)), axis);
}

/**
 * `torch.split`: views of x along `dim`, either of `sizeOrSections` elements each (the last may
 * be smaller) or of the listed sizes, which must add up to the dimension.
 */
export function split(x: Tensor, sizeOrSections: number | readonly number[], dim = 0): Tensor[] {
  const axis = normalizeAxis('split', dim, x.ndim);
  const n = x.shape[axis];
  let sizes: number[];
  if (typeof sizeOrSections === 'number') {
    const s = sizeOrSections;
    if (!Number.isInteger(s) || s < 0 || (s === 0 && n > 0)) throw new ShapeError(`split: split size must be a positive integer, got ${s}`);
    sizes = [];
    for (let at = 0; at < n; at += s) sizes.push(Math.min(s, n - at));
    if (sizes.length === 0) sizes.push(0);
  } else {
    sizes = [...sizeOrSections];
    const total = sizes.reduce((a, b) => a + b, 0);
    if (sizes.some((s) => !Number.isInteger(s) || s < 0) || total !== n) {
      throw new ShapeError(`split: sizes ${fmtShape(sizes)} must be non-negative and sum to ${n}, the size of dimension ${dim} of ${fmtShape(x.shape)}`);
    }
  }
  let at = 0;
  return sizes.map((s) => {
    const part = narrow(x, axis, at, s);
    at += s;
    return part;
  });
}

/** `torch.chunk`: up to `chunks` views of equal size ceil(n / chunks) along `dim` (the last may be smaller). */
export function chunk(x: Tensor, chunks: number, dim = 0): Tensor[] {
  if (!Number.isInteger(chunks) || chunks <= 0) throw new ShapeError(`chunk: number of chunks must be a positive integer, got ${chunks}`);
  const axis = normalizeAxis('chunk', dim, x.ndim);
  const n = x.shape[axis];
  return split(x, n === 0 ? 0 : Math.ceil(n / chunks), axis);
}
