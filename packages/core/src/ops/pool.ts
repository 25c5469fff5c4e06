import type { KernelAttrs } from '../backend/kernel-names.js';
import { isFloat } from '../tensor/dtype.js';
import { DTypeError, ShapeError, fmtShape } from '../tensor/errors.js';
import type { Shape } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { runKernel, runKernelMulti } from './dispatch.js';
import { gather } from './indexing.js';
import { toPair, type Pair } from './pair.js';
import { record } from './record.js';
import { contiguous } from './unary.js';
import { reshape } from './view.js';

export interface MaxPool2dOptions {
  /** Default: the kernel size. */
  stride?: Pair;
  /** Implicit -inf padding on each side, at most half the kernel; default 0. */
  padding?: Pair;
}

export interface AvgPool2dOptions {
  /** Default: the kernel size. */
  stride?: Pair;
  /** Implicit zero padding on each side, at most half the kernel; default 0. */
  padding?: Pair;
  /** Whether padded zeros count in the divisor (PyTorch's default true). */
  countIncludePad?: boolean;
}

type PoolAttrs = KernelAttrs<'MaxPool2D'>;

/** Runs `f` on `x` as [N,C,H,W], accepting unbatched [C,H,W] input like PyTorch. */
function batched<T extends Tensor | Tensor[]>(op: string, x: Tensor, f: (x4: Tensor) => T): T {
  x.assertLive(op);
  if (x.ndim !== 3 && x.ndim !== 4) throw new ShapeError(`${op}: expected a 4-D [N,C,H,W] or 3-D [C,H,W] input, got ${fmtShape(x.shape)}`);
  if (!isFloat(x.dtype)) throw new DTypeError(`${op}: expected a floating-point input, got ${x.dtype}`);
  if (x.ndim === 4) return f(x);
  const out = f(reshape(x, [1, ...x.shape]));
  const drop = (t: Tensor): Tensor => reshape(t, t.shape.slice(1));
  return (Array.isArray(out) ? out.map(drop) : drop(out)) as T;
}

/** Validates the window of a pooling op over `x` (PyTorch's checks and their wording). */
function poolAttrs(op: string, x: Tensor, kernelSize: Pair, stride: Pair | undefined, padding: Pair): PoolAttrs {
  const kernel = toPair(op, 'kernelSize', kernelSize, 1);
  const s = toPair(op, 'stride', stride ?? kernel, 1);
  const p = toPair(op, 'padding', padding, 0);
  if (p[0] > kernel[0] / 2 || p[1] > kernel[1] / 2) {
    throw new ShapeError(`${op}: padding ${fmtShape(p)} should be at most half of kernel size ${fmtShape(kernel)}`);
  }
  const [h, w] = x.shape.slice(-2);
  const oh = Math.floor((h + 2 * p[0] - kernel[0]) / s[0]) + 1;
  const ow = Math.floor((w + 2 * p[1] - kernel[1]) / s[1]) + 1;
  if (oh < 1 || ow < 1) {
    throw new ShapeError(`${op}: input ${fmtShape(x.shape)} with kernel ${fmtShape(kernel)} and padding ${fmtShape(p)} gives output size ${oh}x${ow}, which is too small`);
  }
  return { kernel, stride: s, padding: p };
}

/**
 * `torch.nn.functional.max_pool2d` (ceil_mode=false, dilation 1) over [N,C,H,W] or [C,H,W].
 * Padding counts as -inf; the gradient goes to the first maximum of each window.
 */
export function maxPool2d(x: Tensor, kernelSize: Pair, opts: MaxPool2dOptions = {}): Tensor {
  return maxPool2dWithIndices(x, kernelSize, opts)[0];
}

/**
 * `max_pool2d(..., return_indices=True)`: `[values, indices]`, the int32 indices being flat
 * positions `h * W + w` within each input plane.
 */
export function maxPool2dWithIndices(x: Tensor, kernelSize: Pair, opts: MaxPool2dOptions = {}): [Tensor, Tensor] {
  return batched('maxPool2d', x, (x4) => {
    const attrs = poolAttrs('maxPool2d', x, kernelSize, opts.stride, opts.padding ?? 0);
    const [values, indices] = runKernelMulti('MaxPool2D', { x: contiguous(x4) }, attrs);
    const inShape = x4.shape;
    record('maxPool2d', [x4], values, [indices], ([g], [si]) => [maxPool2dGrad(g, si, inShape)]);
    return [values, indices];
  });
}

/** Scatters `dy` into zeros of `inputShape` at the argmax `indices`; its gradient gathers. */
function maxPool2dGrad(dy: Tensor, indices: Tensor, inputShape: Shape): Tensor {
  const out = runKernel('MaxPool2DGrad', { dy: contiguous(dy), indices }, { inputShape: [...inputShape] });
  return record('maxPool2dGrad', [dy], out, [indices], ([g], [si]) => {
    const [n, c, oh, ow] = si.shape;
    const planes = reshape(g, [n, c, inputShape[2] * inputShape[3]]);
    return [reshape(gather(planes, 2, reshape(si, [n, c, oh * ow])), si.shape)];
  });
}

/** `torch.nn.functional.avg_pool2d` (ceil_mode=false, no divisor override) over [N,C,H,W] or [C,H,W]. */
export function avgPool2d(x: Tensor, kernelSize: Pair, opts: AvgPool2dOptions = {}): Tensor {
  return batched('avgPool2d', x, (x4) => {
    const attrs = poolAttrs('avgPool2d', x, kernelSize, opts.stride, opts.padding ?? 0);
    return avgPool2dRaw(x4, { ...attrs, countIncludePad: opts.countIncludePad ?? true });
  });
}

function avgPool2dRaw(x: Tensor, attrs: KernelAttrs<'AvgPool2D'>): Tensor {
  const out = runKernel('AvgPool2D', { x: contiguous(x) }, attrs);
  const inShape = x.shape;
  return record('avgPool2d', [x], out, [], ([g]) => [avgPool2dGrad(g, attrs, inShape)]);
}

/** The adjoint of avg pooling, whose own gradient is avg pooling again. */
function avgPool2dGrad(dy: Tensor, attrs: KernelAttrs<'AvgPool2D'>, inputShape: Shape): Tensor {
  const out = runKernel('AvgPool2DGrad', { dy: contiguous(dy) }, { ...attrs, inputShape: [...inputShape] });
  return record('avgPool2dGrad', [dy], out, [], ([g]) => [avgPool2dRaw(g, attrs)]);
}

/**
 * `torch.nn.functional.adaptive_avg_pool2d` over [N,C,H,W] or [C,H,W]: output cell i averages
 * rows `floor(i*H/outH)` to `ceil((i+1)*H/outH)` (likewise columns). `null` keeps that size.
 */
export function adaptiveAvgPool2d(x: Tensor, outputSize: number | readonly [number | null, number | null]): Tensor {
  return batched('adaptiveAvgPool2d', x, (x4) => {
    const [h, w] = x4.shape.slice(2);
    const size = typeof outputSize === 'number' ? outputSize : ([outputSize[0] ?? h, outputSize[1] ?? w] as const);
    return adaptiveRaw(x4, toPair('adaptiveAvgPool2d', 'outputSize', size, 1));
  });
}

function adaptiveRaw(x: Tensor, outSize: [number, number]): Tensor {
  const out = runKernel('AdaptiveAvgPool2D', { x: contiguous(x) }, { outSize });
  const inShape = x.shape;
  return record('adaptiveAvgPool2d', [x], out, [], ([g]) => [adaptiveGrad(g, inShape)]);
}

function adaptiveGrad(dy: Tensor, inputShape: Shape): Tensor {
  const outSize: [number, number] = [dy.shape[2], dy.shape[3]];
  const out = runKernel('AdaptiveAvgPool2DGrad', { dy: contiguous(dy) }, { inputShape: [...inputShape] });
  return record('adaptiveAvgPool2dGrad', [dy], out, [], ([g]) => [adaptiveRaw(g, outSize)]);
}
