import { ShapeError, narrow, to, type Tensor } from '@flint/core';
import { mapTensors, tensorsIn } from './nested.js';

const fmt = (shape: readonly number[]): string => `[${shape.join(',')}]`;

/** Start and length of each chunk of `n` rows cut as `torch.chunk(n, k)` cuts them. */
export function chunkSpans(n: number, k: number): [start: number, length: number][] {
  const size = Math.ceil(n / k);
  const spans: [number, number][] = [];
  for (let at = 0; at < n; at += size) spans.push([at, Math.min(size, n - at)]);
  return spans;
}

/** `dim` as a non-negative axis of `t`, or a ShapeError naming the input, its shape and `dim`. */
function axisOf(t: Tensor, dim: number, path: string): number {
  if (t.ndim === 0) throw new ShapeError(`DataParallel: cannot scatter ${path}: it is a zero-dimensional tensor`);
  if (!Number.isInteger(dim) || dim < -t.ndim || dim >= t.ndim) {
    throw new ShapeError(`DataParallel: dim ${dim} is out of range for ${path} of shape ${fmt(t.shape)} (expected a dim in [${-t.ndim}, ${t.ndim - 1}])`);
  }
  return dim < 0 ? dim + t.ndim : dim;
}

/** How each tensor of an input structure is cut: its pieces' spans, and how many replicas get work. */
export interface ScatterPlan {
  readonly replicas: number;
  /** The rows of `t` that replica `i` gets, as a view (or `t` itself when it is not cut). */
  piece(t: Tensor, i: number): Tensor;
}

/**
 * Checks every tensor of `inputs` (found through arrays and plain objects) and plans its
 * `torch.chunk` pieces along `dim` over `deviceCount` devices. A batch smaller than the device
 * count gives fewer pieces, so fewer replicas; with tensors of different batch sizes the
 * smallest count wins, as PyTorch's zip does.
 */
export function planScatter(inputs: readonly unknown[], deviceCount: number, dim: number): ScatterPlan {
  const found = [...tensorsIn(inputs, 'input')];
  if (found.length === 0) throw new TypeError('DataParallel: the inputs hold no tensor to scatter (expected tensors, or arrays/objects of tensors)');
  let replicas = deviceCount;
  const spans = new Map<Tensor, [number, [number, number][]]>();
  for (const [path, t] of found) {
    const axis = axisOf(t, dim, path);
    const n = t.shape[axis];
    if (n === 0) throw new ShapeError(`DataParallel: cannot scatter an empty batch: ${path} of shape ${fmt(t.shape)} has size 0 along dim ${dim}`);
    const cut = chunkSpans(n, deviceCount);
    spans.set(t, [axis, cut]);
    replicas = Math.min(replicas, cut.length);
  }
  return {
    replicas,
    piece(t, i) {
      const span = spans.get(t);
      if (!span) throw new TypeError('DataParallel: scatter was asked for a tensor that is not among the inputs');
      const [axis, cut] = span;
      const [start, length] = cut[i];
      return length === t.shape[axis] ? t : narrow(t, axis, start, length);
    },
  };
}

/**
 * PyTorch's `scatter`: cuts every tensor of `inputs` (through arrays and plain objects) into
 * `torch.chunk` pieces along `dim` and sends piece i to `devices[i]` (a view when it is there
 * already, else a copy through which gradients flow back). Non-tensor leaves are shared by
 * every replica. The result has one argument list per replica that has work. Needs devices
 * that read synchronously (CPU); `scatterAsync` serves the others.
 */
export function scatter<In extends readonly unknown[]>(inputs: In, devices: readonly string[], dim: number): In[] {
  const plan = planScatter(inputs, devices.length, dim);
  return Array.from({ length: plan.replicas }, (_, i) =>
    mapTensors(inputs, (t) => {
      const piece = plan.piece(t, i);
      const moved = to(piece, devices[i]);
      if (moved !== piece && piece !== t) piece.dispose(); // the copy's graph edge outlives the view
      return moved;
    }) as In,
  );
}
