import type { KernelAttrs } from '../backend/kernel-names.js';
import { isFloat } from '../tensor/dtype.js';
import { DTypeError, ShapeError, fmtShape } from '../tensor/errors.js';
import type { Shape } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { add } from './binary.js';
import { runKernel, sameDevice } from './dispatch.js';
import { toPair, type Pair } from './pair.js';
import { record, wants } from './record.js';
import { contiguous } from './unary.js';
import { reshape } from './view.js';

export interface ConvOptions {
  /** Default 1. */
  stride?: Pair;
  /** Zero padding on each side; default 0. */
  padding?: Pair;
  /** Spacing between kernel taps; default 1. */
  dilation?: Pair;
  /** Input and output channels are split into this many independent groups; default 1. */
  groups?: number;
}

type ConvAttrs = KernelAttrs<'Conv2D'>;

/**
 * `torch.nn.functional.conv2d`: `x` [N,C,H,W] (or unbatched [C,H,W]) convolved with `weight`
 * [O, C/groups, kh, kw], plus `bias` [O] when given. Output [N,O,Ho,Wo] with
 * `Ho = floor((H + 2*padH - dilH*(kh-1) - 1) / strideH) + 1`. Differentiable in all three
 * arguments, twice over (the gradients are convolutions too).
 */
export function conv2d(x: Tensor, weight: Tensor, bias?: Tensor | null, opts: ConvOptions = {}): Tensor {
  sameDevice('conv2d', bias ? [x, weight, bias] : [x, weight]);
  checkDTypes('conv2d', bias ? [['input', x], ['weight', weight], ['bias', bias]] : [['input', x], ['weight', weight]]);
  if (bias && (bias.ndim !== 1 || bias.shape[0] !== weight.shape[0])) {
    throw new ShapeError(`conv2d: input ${fmtShape(x.shape)}, weight ${fmtShape(weight.shape)}: expected bias of shape [${weight.shape[0]}], got ${fmtShape(bias.shape)}`);
  }
  const attrs = convAttrs('conv2d', x.shape, weight.shape, opts);
  const unbatched = x.ndim === 3;
  let out = conv2dRaw(unbatched ? reshape(x, [1, ...x.shape]) : x, weight, attrs);
  if (bias) out = add(out, reshape(bias, [1, weight.shape[0], 1, 1]));
  return unbatched ? reshape(out, out.shape.slice(1)) : out;
}

/** Throws a DTypeError naming `op` unless all `tensors` share one floating dtype. */
function checkDTypes(op: string, tensors: [string, Tensor][]): void {
  const dt = tensors[0][1].dtype;
  if (!isFloat(dt) || tensors.some(([, t]) => t.dtype !== dt)) {
    const names = tensors.map(([n]) => n);
    const got = tensors.map(([n, t]) => `${n} ${t.dtype}`).join(', ');
    throw new DTypeError(`${op}: expected ${names.join(', ')} of one floating dtype, got ${got}`);
  }
}

/** Validates a convolution's shapes and options, naming the op and the input and weight shapes. */
function convAttrs(op: string, xShape: Shape, wShape: Shape, opts: ConvOptions): ConvAttrs {
  const fail = (why: string): never => {
    throw new ShapeError(`${op}: input ${fmtShape(xShape)}, weight ${fmtShape(wShape)}: ${why}`);
  };
  if (xShape.length !== 4 && xShape.length !== 3) fail('expected a 4-D [N,C,H,W] (or 3-D [C,H,W]) input');
  if (wShape.length !== 4) fail('expected a 4-D [O,C/groups,kH,kW] weight');
  const groups = opts.groups ?? 1;
  if (!Number.isInteger(groups) || groups < 1) fail(`groups must be a positive integer, got ${groups}`);
  const [c, h, wd] = xShape.slice(-3);
  const [o, cg, kh, kw] = wShape;
  if (c % groups !== 0) fail(`${c} input channels are not divisible by groups=${groups}`);
  if (o % groups !== 0) fail(`${o} output channels are not divisible by groups=${groups}`);
  if (cg !== c / groups) fail(`expected weight to have ${c / groups} input channels (${c} channels / groups=${groups}), got ${cg}`);
  const stride = toPair(op, 'stride', opts.stride ?? 1, 1);
  const padding = toPair(op, 'padding', opts.padding ?? 0, 0);
  const dilation = toPair(op, 'dilation', opts.dilation ?? 1, 1);
  const oh = Math.floor((h + 2 * padding[0] - dilation[0] * (kh - 1) - 1) / stride[0]) + 1;
  const ow = Math.floor((wd + 2 * padding[1] - dilation[1] * (kw - 1) - 1) / stride[1]) + 1;
  if (oh < 1 || ow < 1 || kh < 1 || kw < 1) {
    fail(`output size ${oh}x${ow} is too small (padded input ${h + 2 * padding[0]}x${wd + 2 * padding[1]}, dilated kernel ${dilation[0] * (kh - 1) + 1}x${dilation[1] * (kw - 1) + 1})`);
  }
  return { stride, padding, dilation, groups };
}

/** The [N,O,Ho,Wo] output shape of a validated 4-D convolution. */
function outputShape(xShape: Shape, wShape: Shape, a: ConvAttrs): Shape {
  const size = (d: number): number => Math.floor((xShape[d + 2] + 2 * a.padding[d] - a.dilation[d] * (wShape[d + 2] - 1) - 1) / a.stride[d]) + 1;
  return [xShape[0], wShape[0], size(0), size(1)];
}

/** Checks that `gradOutput` has the shape a convolution of `xShape` by `wShape` produces. */
function checkGradOutput(op: string, xShape: Shape, wShape: Shape, gradOutput: Tensor, a: ConvAttrs): void {
  const want = outputShape(xShape, wShape, a);
  if (xShape.length !== 4 || gradOutput.ndim !== 4 || want.some((d, i) => d !== gradOutput.shape[i])) {
    throw new ShapeError(`${op}: input ${fmtShape(xShape)}, weight ${fmtShape(wShape)}: expected a 4-D gradOutput of shape ${fmtShape(want)}, got ${fmtShape(gradOutput.shape)}`);
  }
}

/**
 * `torch.nn.grad.conv2d_input`: the gradient of conv2d with respect to an [N,C,H,W] input of
 * `inputShape`, given `weight` and `gradOutput` (the transposed convolution). Differentiable.
 */
export function conv2dInput(inputShape: Shape, weight: Tensor, gradOutput: Tensor, opts: ConvOptions = {}): Tensor {
  sameDevice('conv2dInput', [weight, gradOutput]);
  checkDTypes('conv2dInput', [['weight', weight], ['gradOutput', gradOutput]]);
  const attrs = convAttrs('conv2dInput', inputShape, weight.shape, opts);
  checkGradOutput('conv2dInput', inputShape, weight.shape, gradOutput, attrs);
  return conv2dInputGrad(gradOutput, weight, attrs, inputShape);
}

/**
 * `torch.nn.grad.conv2d_weight`: the gradient of conv2d with respect to a weight of
 * `weightShape`, given the [N,C,H,W] `input` and `gradOutput`. Differentiable.
 */
export function conv2dWeight(input: Tensor, weightShape: Shape, gradOutput: Tensor, opts: ConvOptions = {}): Tensor {
  sameDevice('conv2dWeight', [input, gradOutput]);
  checkDTypes('conv2dWeight', [['input', input], ['gradOutput', gradOutput]]);
  const attrs = convAttrs('conv2dWeight', input.shape, weightShape, opts);
  checkGradOutput('conv2dWeight', input.shape, weightShape, gradOutput, attrs);
  return conv2dFilterGrad(input, gradOutput, attrs, weightShape);
}

/** Conv2D on a validated [N,C,H,W] input, recorded for autograd. */
function conv2dRaw(x: Tensor, w: Tensor, a: ConvAttrs): Tensor {
  const cx = contiguous(x);
  const cw = contiguous(w);
  const out = runKernel('Conv2D', { x: cx, w: cw }, a);
  const needX = wants(x);
  const needW = wants(w);
  return record('conv2d', [x, w], out, [cx, cw], ([g], [sx, sw]) => [
    needX ? conv2dInputGrad(g, sw, a, sx.shape) : null,
    needW ? conv2dFilterGrad(sx, g, a, sw.shape) : null,
  ]);
}

/** The transposed convolution of `dy` by `w`: conv2d's gradient with respect to its input. */
function conv2dInputGrad(dy: Tensor, w: Tensor, a: ConvAttrs, inputShape: Shape): Tensor {
  const cdy = contiguous(dy);
  const cw = contiguous(w);
  const out = runKernel('Conv2DBackpropInput', { dy: cdy, w: cw }, { ...a, inputShape: [...inputShape] });
  const needDy = wants(dy);
  const needW = wants(w);
  return record('conv2dBackpropInput', [dy, w], out, [cdy, cw], ([g], [sdy, sw]) => [
    needDy ? conv2dRaw(g, sw, a) : null,
    needW ? conv2dFilterGrad(g, sdy, a, sw.shape) : null,
  ]);
}

/** The correlation of `x` with `dy`: conv2d's gradient with respect to its weight. */
function conv2dFilterGrad(x: Tensor, dy: Tensor, a: ConvAttrs, filterShape: Shape): Tensor {
  const cx = contiguous(x);
  const cdy = contiguous(dy);
  const out = runKernel('Conv2DBackpropFilter', { x: cx, dy: cdy }, { ...a, filterShape: [...filterShape] });
  const needX = wants(x);
  const needDy = wants(dy);
  return record('conv2dBackpropFilter', [x, dy], out, [cx, cdy], ([g], [sx, sdy]) => [
    needX ? conv2dInputGrad(sdy, g, a, sx.shape) : null,
    needDy ? conv2dRaw(sx, g, a) : null,
  ]);
}
