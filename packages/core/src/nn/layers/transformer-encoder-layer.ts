import type { Tensor } from '../../tensor/tensor.js';
import { add } from '../../ops/binary.js';
import { gelu } from '../../ops/activation.js';
import { relu } from '../../ops/unary.js';
import { Module } from '../module.js';
import { Linear } from './linear.js';
import { LayerNorm } from './layer-norm.js';
import { Dropout } from './dropout.js';
import { MultiheadAttention } from './multihead-attention.js';

/** Options shared by `TransformerEncoderLayer` and `TransformerDecoderLayer` (PyTorch's defaults). */
export interface TransformerLayerOptions {
  /** Default 2048. */
  dimFeedforward?: number;
  /** Default 0.1. */
  dropout?: number;
  /** Default 'relu'. */
  activation?: 'relu' | 'gelu';
  /** Default 1e-5. */
  layerNormEps?: number;
  /** [B, L, E] instead of [L, B, E]; default false. */
  batchFirst?: boolean;
  /** LayerNorm before attention and feed-forward (pre-norm) instead of after; default false. */
  normFirst?: boolean;
  /** Biases in the linear layers and LayerNorms; default true. */
  bias?: boolean;
}

export interface EncoderLayerCall {
  /** `src_mask`: bool [L, L] or [B*heads, L, L] (true = may NOT attend) or float (added). */
  srcMask?: Tensor | null;
  /** `src_key_padding_mask`: bool [B, L] (true = padding). */
  srcKeyPaddingMask?: Tensor | null;
}

/** The resolved options a layer keeps, so `TransformerEncoder` can make copies. */
export type ResolvedTransformerOptions = Required<TransformerLayerOptions>;

export const resolveTransformerOptions = (o: TransformerLayerOptions): ResolvedTransformerOptions => ({
  dimFeedforward: o.dimFeedforward ?? 2048,
  dropout: o.dropout ?? 0.1,
  activation: o.activation ?? 'relu',
  layerNormEps: o.layerNormEps ?? 1e-5,
  batchFirst: o.batchFirst ?? false,
  normFirst: o.normFirst ?? false,
  bias: o.bias ?? true,
});

/** The position-wise feed-forward block: linear2(dropout(activation(linear1(x)))). */
export function feedForward(x: Tensor, l: { linear1: Linear; linear2: Linear; dropout: Dropout }, activation: 'relu' | 'gelu'): Tensor {
  const h = l.linear1.call(x);
  return l.linear2.call(l.dropout.call(activation === 'gelu' ? gelu(h) : relu(h)));
}

/**
 * `nn.TransformerEncoderLayer`: self-attention then a feed-forward block, each with a residual
 * and a LayerNorm (after, or before with `normFirst`). PyTorch's field names, so state-dict keys
 * match (`self_attn.in_proj_weight`, `linear1.weight`, `norm1.weight`, ...).
 */
export class TransformerEncoderLayer extends Module<[Tensor, EncoderLayerCall?]> {
  readonly self_attn: MultiheadAttention;
  readonly linear1: Linear;
  readonly dropout: Dropout;
  readonly linear2: Linear;
  readonly norm1: LayerNorm;
  readonly norm2: LayerNorm;
  readonly dropout1: Dropout;
  readonly dropout2: Dropout;
  readonly options: ResolvedTransformerOptions;

  constructor(readonly dModel: number, readonly nhead: number, opts: TransformerLayerOptions = {}) {
    super();
    const o = (this.options = resolveTransformerOptions(opts));
    this.self_attn = new MultiheadAttention(dModel, nhead, { dropout: o.dropout, bias: o.bias, batchFirst: o.batchFirst });
    this.linear1 = new Linear(dModel, o.dimFeedforward, { bias: o.bias });
    this.dropout = new Dropout(o.dropout);
    this.linear2 = new Linear(o.dimFeedforward, dModel, { bias: o.bias });
    this.norm1 = new LayerNorm(dModel, { eps: o.layerNormEps, bias: o.bias });
    this.norm2 = new LayerNorm(dModel, { eps: o.layerNormEps, bias: o.bias });
    this.dropout1 = new Dropout(o.dropout);
    this.dropout2 = new Dropout(o.dropout);
  }

  forward(src: Tensor, opts: EncoderLayerCall = {}): Tensor {
    const attend = (x: Tensor): Tensor =>
      this.dropout1.call(this.self_attn.call(x, x, x, { attnMask: opts.srcMask, keyPaddingMask: opts.srcKeyPaddingMask, needWeights: false })[0]);
    const ff = (x: Tensor): Tensor => this.dropout2.call(feedForward(x, this, this.options.activation));
    if (this.options.normFirst) {
      const x = add(src, attend(this.norm1.call(src)));
      return add(x, ff(this.norm2.call(x)));
    }
    const x = this.norm1.call(add(src, attend(src)));
    return this.norm2.call(add(x, ff(x)));
  }

  /** A new layer with the same options and a copy of this one's parameters (PyTorch's deepcopy in TransformerEncoder). */
  copy(): TransformerEncoderLayer {
    const c = new TransformerEncoderLayer(this.dModel, this.nhead, this.options);
    c.loadStateDict(this.stateDict());
    return c;
  }

  override toString(): string {
    return `TransformerEncoderLayer ${this.dModel}, ${this.nhead} heads`;
  }
}
