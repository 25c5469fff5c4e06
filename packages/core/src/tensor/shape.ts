import { ShapeError, fmtShape } from './errors.js';

export type Shape = readonly number[];

export function sizeOf(shape: Shape): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** Row-major strides of a dense tensor of `shape`. */
export function contiguousStrides(shape: Shape): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i];
  }
  return strides;
}

export function isContiguous(shape: Shape, strides: readonly number[]): boolean {
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    if (shape[i] !== 1 && strides[i] !== s) return false;
    s *= shape[i];
  }
  return true;
}

export function shapesEqual(a: Shape, b: Shape): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** NumPy/PyTorch broadcasting of any number of shapes; `op` names the caller in errors. */
export function broadcastShapes(op: string, ...shapes: Shape[]): number[] {
  const rank = Math.max(...shapes.map((s) => s.length));
  const out = new Array<number>(rank).fill(1);
  for (let i = 0; i < rank; i++) {
    for (const s of shapes) {
      const d = s[s.length - rank + i] ?? 1;
      if (d === 1) continue;
      if (out[i] !== 1 && out[i] !== d) {
        throw new ShapeError(
          `${op}: ${shapes.map(fmtShape).join(' and ')} cannot be broadcast: ` +
            `size ${out[i]} and ${d} differ at dimension ${i - rank}`,
        );
      }
      out[i] = d;
    }
  }
  return out;
}

/** Turns a possibly negative axis into 0..rank-1, or throws naming the op. */
export function normalizeAxis(op: string, axis: number, rank: number): number {
  const r = Math.max(rank, 1);
  if (!Number.isInteger(axis) || axis < -r || axis >= r) {
    throw new ShapeError(`${op}: dimension ${axis} out of range for a tensor of rank ${rank} (expected -${r}..${r - 1})`);
  }
  return axis < 0 ? axis + r : axis;
}

export function normalizeAxes(op: string, axes: number | readonly number[] | undefined, rank: number): number[] {
  if (axes === undefined) return Array.from({ length: rank }, (_, i) => i);
  const list = typeof axes === 'number' ? [axes] : axes;
  const out = list.map((a) => normalizeAxis(op, a, rank));
  if (new Set(out).size !== out.length) throw new ShapeError(`${op}: dimension ${list.join(',')} repeats`);
  return out.sort((a, b) => a - b);
}

/** The most elements one tensor may have: V8's typed-array length limit (2^32). */
export const MAX_TENSOR_ELEMENTS = 2 ** 32;

/** A ShapeError unless `elements` fits one tensor; `what` says what asked for them. */
export function assertTensorSize(what: string, elements: number): void {
  if (elements > MAX_TENSOR_ELEMENTS) {
    throw new ShapeError(`${what} has ${elements.toExponential(3)} elements, more than the ${MAX_TENSOR_ELEMENTS} (2^32) one tensor can hold`);
  }
}

export function assertValidShape(op: string, shape: Shape): void {
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 0) throw new ShapeError(`${op}: invalid shape ${fmtShape(shape)}`);
  }
  assertTensorSize(`${op}: shape ${fmtShape(shape)}`, sizeOf(shape));
}
