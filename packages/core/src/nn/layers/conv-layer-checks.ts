import type { Tensor } from '../../tensor/tensor.js';
import { fmtShape } from '../../tensor/errors.js';
import type { AnyModule } from '../module-tree.js';
import { LayerInputError } from '../layer-input-error.js';

/** PyTorch's constructor rule for every convolution layer: both channel counts divide into `groups`. */
export function checkConvGroups(layer: string, inChannels: number, outChannels: number, groups: number): void {
  if (inChannels % groups || outChannels % groups) {
    throw new RangeError(`${layer}: in_channels ${inChannels} and out_channels ${outChannels} must be divisible by groups ${groups}`);
  }
}

/**
 * A convolution layer's input check: batched ([N, C, ...spatial]) or not ([C, ...spatial]),
 * with C = `inChannels`. `spatial` names the trailing dimensions in the error ('L', 'H,W').
 */
export function checkConvInput(layer: AnyModule, x: Tensor, inChannels: number, spatial: readonly string[]): void {
  const rank = spatial.length + 2;
  const c = x.ndim === rank ? x.shape[1] : x.ndim === rank - 1 ? x.shape[0] : -1;
  if (c !== inChannels) {
    throw new LayerInputError(layer, layer.toString(), `input ${fmtShape(x.shape)} does not match in_channels ${inChannels} (expected [N,${inChannels},${spatial.join(',')}])`);
  }
}
