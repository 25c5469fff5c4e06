import { ShapeError, fmtShape } from '../tensor/errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { add } from './binary.js';
import { conv2dInput } from './conv.js';
import { toPair, type Pair } from './pair.js';
import { reshape } from './view.js';

export interface ConvTranspose2dOptions {
  /** Default 1. */
  stride?: Pair;
  /** Removed from each side of the full output; default 0. */
  padding?: Pair;
  /** Added to one side of the output (below the stride) to pick among the sizes that map back; default 0. */
  outputPadding?: Pair;
  /** Default 1. */
  dilation?: Pair;
  /** Default 1. */
  groups?: number;
}

/**
 * `torch.nn.functional.conv_transpose2d`: `x` [N,Cin,H,W] (or [Cin,H,W]) with `weight`
 * [Cin, Cout/groups, kh, kw] gives [N,Cout,Ho,Wo], `Ho = (H-1)*stride - 2*padding +
 * dilation*(kh-1) + outputPadding + 1`. It is conv2d's input gradient, so it runs on the
 * Conv2DBackpropInput kernel and differentiates like it (x by a conv2d, weight by a filter grad).
 */
export function convTranspose2d(x: Tensor, weight: Tensor, bias?: Tensor | null, opts: ConvTranspose2dOptions = {}): Tensor {
  const fail = (why: string): never => {
    throw new ShapeError(`convTranspose2d: input ${fmtShape(x.shape)}, weight ${fmtShape(weight.shape)}: ${why}`);
  };
  if (x.ndim !== 4 && x.ndim !== 3) fail('expected a 4-D [N,Cin,H,W] (or 3-D [Cin,H,W]) input');
  if (weight.ndim !== 4) fail('expected a 4-D [Cin,Cout/groups,kH,kW] weight');
  const x4 = x.ndim === 3 ? reshape(x, [1, ...x.shape]) : x;
  const groups = opts.groups ?? 1;
  if (x4.shape[1] !== weight.shape[0]) fail(`input has ${x4.shape[1]} channels, weight expects ${weight.shape[0]}`);
  const stride = toPair('convTranspose2d', 'stride', opts.stride ?? 1, 1);
  const padding = toPair('convTranspose2d', 'padding', opts.padding ?? 0, 0);
  const dilation = toPair('convTranspose2d', 'dilation', opts.dilation ?? 1, 1);
  const outPad = toPair('convTranspose2d', 'outputPadding', opts.outputPadding ?? 0, 0);
  for (const d of [0, 1]) {
    if (outPad[d] >= Math.max(stride[d], dilation[d])) fail(`outputPadding ${outPad[d]} must be smaller than stride or dilation (${stride[d]}, ${dilation[d]})`);
  }
  const cout = weight.shape[1] * groups;
  const size = (d: number): number => (x4.shape[2 + d] - 1) * stride[d] - 2 * padding[d] + dilation[d] * (weight.shape[2 + d] - 1) + outPad[d] + 1;
  const [ho, wo] = [size(0), size(1)];
  if (ho < 1 || wo < 1) fail(`output size ${ho}x${wo} is too small`);
  if (bias && (bias.ndim !== 1 || bias.shape[0] !== cout)) fail(`expected bias of shape [${cout}], got ${fmtShape(bias.shape)}`);
  let out = conv2dInput([x4.shape[0], cout, ho, wo], weight, x4, { stride, padding, dilation, groups });
  if (bias) out = add(out, reshape(bias, [1, cout, 1, 1]));
  return x.ndim === 3 ? reshape(out, out.shape.slice(1)) : out;
}
