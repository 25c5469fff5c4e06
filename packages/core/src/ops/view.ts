import { ShapeError, fmtShape } from '../tensor/errors.js';
import { contiguousStrides, isContiguous, normalizeAxis, shapesEqual, sizeOf, type Shape } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { record } from './record.js';
import { reduceSumTo } from './reduce-to.js';
import { contiguous } from './unary.js';
import { zeros } from './creation.js';
import { copyInto } from './copy-into.js';

/** A view: new shape and strides over the same storage. */
function viewOf(x: Tensor, shape: Shape, strides: readonly number[], offset: number): Tensor {
  x.assertLive('view');
  return new Tensor(x.storage.retain(), shape, strides, offset, x.dtype);
}

/** Resolves one `-1` and checks the element count, naming the op. */
function inferShape(op: string, x: Tensor, shape: readonly number[]): number[] {
  const out = [...shape];
  const free = out.indexOf(-1);
  if (out.lastIndexOf(-1) !== free) throw new ShapeError(`${op}: only one dimension can be inferred, got ${fmtShape(shape)}`);
  if (out.some((d, i) => i !== free && (!Number.isInteger(d) || d < 0))) throw new ShapeError(`${op}: invalid shape ${fmtShape(shape)}`);
  if (free >= 0) {
    const known = sizeOf(out.filter((_, i) => i !== free));
    if (known === 0 || x.size % known !== 0) {
      throw new ShapeError(`${op}: shape ${fmtShape(shape)} is invalid for input of shape ${fmtShape(x.shape)} (${x.size} elements)`);
    }
    out[free] = x.size / known;
  }
  if (sizeOf(out) !== x.size) {
    throw new ShapeError(`${op}: shape ${fmtShape(shape)} is invalid for input of shape ${fmtShape(x.shape)} (${x.size} elements)`);
  }
  return out;
}

const flatShape = (shape: readonly number[] | [readonly number[]]): readonly number[] =>
  (Array.isArray(shape[0]) ? shape[0] : shape) as readonly number[];

/** Same data in a new shape; copies only when the view is not dense. One `-1` is inferred. */
export function reshape(x: Tensor, shape: readonly number[]): Tensor {
  const target = inferShape('reshape', x, flatShape(shape));
  if (!x.isContiguous()) return view(contiguous(x), target, 'reshape');
  return view(x, target, 'reshape');
}

/** Like `reshape` but never copies: a non-dense input is a ShapeError, as in PyTorch. */
export function view(x: Tensor, shape: readonly number[], op = 'view'): Tensor {
  const target = inferShape(op, x, flatShape(shape));
  if (!isContiguous(x.shape, x.strides)) {
    throw new ShapeError(
      `${op}: view size ${fmtShape(target)} is not compatible with input of shape ${fmtShape(x.shape)} and strides ` +
        `${fmtShape(x.strides)}; use reshape() instead`,
    );
  }
  const from = x.shape;
  return record(op, [x], viewOf(x, target, contiguousStrides(target), x.offset), [], ([g]) => [reshape(g, from)]);
}

/** Reorders dimensions: `permute(x, [2, 0, 1])`. */
export function permute(x: Tensor, dims: readonly number[]): Tensor {
  const d = flatShape(dims as readonly number[]);
  if (d.length !== x.ndim) throw new ShapeError(`permute: ${fmtShape(d)} does not list the ${x.ndim} dimensions of ${fmtShape(x.shape)}`);
  const axes = d.map((a) => normalizeAxis('permute', a, x.ndim));
  if (new Set(axes).size !== axes.length) throw new ShapeError(`permute: repeated dimension in ${fmtShape(d)}`);
  const out = viewOf(x, axes.map((a) => x.shape[a]), axes.map((a) => x.strides[a]), x.offset);
  const inverse = new Array<number>(axes.length);
  axes.forEach((a, i) => (inverse[a] = i));
  return record('permute', [x], out, [], ([g]) => [permute(g, inverse)]);
}

/** Swaps two dimensions. */
export function transpose(x: Tensor, dim0: number, dim1: number): Tensor {
  const a = normalizeAxis('transpose', dim0, x.ndim);
  const b = normalizeAxis('transpose', dim1, x.ndim);
  const dims = x.shape.map((_, i) => i);
  [dims[a], dims[b]] = [dims[b], dims[a]];
  return permute(x, dims);
}

/** Broadcasts size-1 dimensions (and new leading ones) to `shape` without copying; -1 keeps a size. */
export function expand(x: Tensor, shape: readonly number[]): Tensor {
  const target = flatShape(shape);
  const lead = target.length - x.ndim;
  if (lead < 0) throw new ShapeError(`expand: cannot expand ${fmtShape(x.shape)} to fewer dimensions ${fmtShape(target)}`);
  const outShape: number[] = [];
  const strides: number[] = [];
  target.forEach((d, i) => {
    const src = i - lead;
    const have = src >= 0 ? x.shape[src] : 1;
    const size = d === -1 ? have : d;
    if (src >= 0 && have !== 1 && have !== size) {
      throw new ShapeError(`expand: ${fmtShape(x.shape)} cannot be expanded to ${fmtShape(target)}: size ${have} must match ${size} at dimension ${i}`);
    }
    outShape.push(size);
    strides.push(src >= 0 && have !== 1 ? x.strides[src] : 0);
  });
  if (shapesEqual(outShape, x.shape)) return x;
  const from = x.shape;
  return record('expand', [x], viewOf(x, outShape, strides, x.offset), [], ([g]) => [reduceSumTo(g, from)]);
}

/** Removes size-1 dimensions (all, or just `dim`). */
export function squeeze(x: Tensor, dim?: number): Tensor {
  if (dim === undefined) return reshape(x, x.shape.filter((d) => d !== 1));
  const a = normalizeAxis('squeeze', dim, x.ndim);
  if (x.shape[a] !== 1) return x;
  return reshape(x, x.shape.filter((_, i) => i !== a));
}

/** Inserts a size-1 dimension at `dim`. */
export function unsqueeze(x: Tensor, dim: number): Tensor {
  const a = normalizeAxis('unsqueeze', dim, x.ndim + 1);
  const shape = [...x.shape];
  shape.splice(a, 0, 1);
  return reshape(x, shape);
}

/** Merges dimensions `startDim..endDim` into one. */
export function flatten(x: Tensor, startDim = 0, endDim = -1): Tensor {
  if (x.ndim === 0) return reshape(x, [1]);
  const s = normalizeAxis('flatten', startDim, x.ndim);
  const e = normalizeAxis('flatten', endDim, x.ndim);
  if (s > e) throw new ShapeError(`flatten: startDim ${startDim} comes after endDim ${endDim}`);
  const shape = [...x.shape.slice(0, s), sizeOf(x.shape.slice(s, e + 1)), ...x.shape.slice(e + 1)];
  return reshape(x, shape);
}

/** `x[..., start:end:step, ...]` along `dim`, as a view. Negative and out-of-range bounds clamp as in Python. */
export function slice(x: Tensor, dim: number, start = 0, end = Infinity, step = 1): Tensor {
  const a = normalizeAxis('slice', dim, x.ndim);
  if (!Number.isInteger(step) || step <= 0) throw new ShapeError(`slice: step must be a positive integer, got ${step}`);
  const n = x.shape[a];
  const clampIdx = (i: number): number => Math.min(Math.max(i < 0 ? i + n : i, 0), n);
  const s = clampIdx(start);
  const e = Math.max(clampIdx(end), s);
  const len = Math.ceil((e - s) / step);
  const shape = [...x.shape];
  shape[a] = len;
  const strides = [...x.strides];
  strides[a] = x.strides[a] * step;
  const out = viewOf(x, shape, strides, x.offset + s * x.strides[a]);
  const from = x.shape;
  return record('slice', [x], out, [], ([g]) => {
    const dx = zeros(from, { dtype: g.dtype, device: g.device });
    copyInto(slice(dx, a, s, e, step), g);
    return [dx];
  });
}

/** `length` elements of `dim` from `start`, as a view. */
export function narrow(x: Tensor, dim: number, start: number, length: number): Tensor {
  const a = normalizeAxis('narrow', dim, x.ndim);
  const s = start < 0 ? start + x.shape[a] : start;
  if (s < 0 || length < 0 || s + length > x.shape[a]) {
    throw new ShapeError(`narrow: start ${start} + length ${length} exceeds dimension ${dim} of size ${x.shape[a]} in ${fmtShape(x.shape)}`);
  }
  return slice(x, a, s, s + length, 1);
}
