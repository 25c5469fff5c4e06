import type { Tensor } from '../../tensor/tensor.js';
import { ModuleList } from '../containers.js';
import { Module } from '../module.js';
import type { LayerNorm } from './layer-norm.js';
import type { EncoderLayerCall, TransformerEncoderLayer } from './transformer-encoder-layer.js';

/**
 * `nn.TransformerEncoder`: `numLayers` copies of `encoderLayer` (each starts from its
 * parameters, as PyTorch's deepcopy does) applied in turn, then the optional final `norm`.
 * Keys: `layers.0.self_attn.in_proj_weight`, ..., `norm.weight`.
 */
export class TransformerEncoder extends Module<[Tensor, EncoderLayerCall?]> {
  readonly layers: ModuleList<TransformerEncoderLayer>;
  readonly norm: LayerNorm | null;

  constructor(encoderLayer: TransformerEncoderLayer, readonly numLayers: number, opts: { norm?: LayerNorm | null } = {}) {
    super();
    if (!Number.isInteger(numLayers) || numLayers < 1) throw new RangeError(`TransformerEncoder: numLayers must be a positive integer, got ${numLayers}`);
    this.layers = new ModuleList(Array.from({ length: numLayers }, () => encoderLayer.copy()));
    this.norm = opts.norm ?? null;
  }

  forward(src: Tensor, opts: EncoderLayerCall = {}): Tensor {
    let x = src;
    for (const layer of this.layers) x = layer.call(x, opts);
    return this.norm ? this.norm.call(x) : x;
  }
}
