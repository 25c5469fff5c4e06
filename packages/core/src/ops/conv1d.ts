import { ShapeError, fmtShape } from '../tensor/errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { conv2d } from './conv.js';
import { reshape, squeeze } from './view.js';

export interface Conv1dOptions {
  /** Default 1. */
  stride?: number;
  /** Zero padding on each side; default 0. */
  padding?: number;
  /** Spacing between kernel taps; default 1. */
  dilation?: number;
  /** Default 1. */
  groups?: number;
}

/**
 * `torch.nn.functional.conv1d`: `x` [N,C,L] (or [C,L]) convolved with `weight` [O,C/groups,k],
 * plus `bias` [O]. Runs as a conv2d of height 1, so every backend's Conv2D kernels (and their
 * gradients) serve it.
 */
export function conv1d(x: Tensor, weight: Tensor, bias?: Tensor | null, opts: Conv1dOptions = {}): Tensor {
  if (x.ndim !== 3 && x.ndim !== 2) throw new ShapeError(`conv1d: input ${fmtShape(x.shape)}, weight ${fmtShape(weight.shape)}: expected a 3-D [N,C,L] (or 2-D [C,L]) input`);
  if (weight.ndim !== 3) throw new ShapeError(`conv1d: input ${fmtShape(x.shape)}, weight ${fmtShape(weight.shape)}: expected a 3-D [O,C/groups,k] weight`);
  const x4 = reshape(x, x.ndim === 3 ? [x.shape[0], x.shape[1], 1, x.shape[2]] : [x.shape[0], 1, x.shape[1]]);
  const w4 = reshape(weight, [weight.shape[0], weight.shape[1], 1, weight.shape[2]]);
  let out: Tensor;
  try {
    out = conv2d(x4, w4, bias, {
      stride: [1, opts.stride ?? 1],
      padding: [0, opts.padding ?? 0],
      dilation: [1, opts.dilation ?? 1],
      groups: opts.groups ?? 1,
    });
  } catch (e) {
    // Name the user's call, not the height-1 conv2d it runs as.
    if (e instanceof ShapeError) throw new ShapeError(`conv1d: input ${fmtShape(x.shape)}, weight ${fmtShape(weight.shape)}: ${e.message.replace(/^conv2d: (input \[[\d,]*\], weight \[[\d,]*\]: )?/, '')}`);
    throw e;
  }
  return squeeze(out, x.ndim === 3 ? 2 : 1);
}
