import type { Tensor } from '../../tensor/tensor.js';
import { add } from '../../ops/binary.js';
import { Module } from '../module.js';
import { Linear } from './linear.js';
import { LayerNorm } from './layer-norm.js';
import { Dropout } from './dropout.js';
import { MultiheadAttention } from './multihead-attention.js';
import { feedForward, resolveTransformerOptions, type ResolvedTransformerOptions, type TransformerLayerOptions } from './transformer-encoder-layer.js';

export interface DecoderLayerCall {
  /** `tgt_mask`: bool [T, T] (true = may NOT attend) or float (added). */
  tgtMask?: Tensor | null;
  /** `memory_mask`: bool [T, S] or float. */
  memoryMask?: Tensor | null;
  /** `tgt_key_padding_mask`: bool [B, T] (true = padding). */
  tgtKeyPaddingMask?: Tensor | null;
  /** `memory_key_padding_mask`: bool [B, S] (true = padding). */
  memoryKeyPaddingMask?: Tensor | null;
}

/**
 * `nn.TransformerDecoderLayer`: self-attention, cross-attention over `memory`, then a
 * feed-forward block, each with a residual and a LayerNorm (after, or before with `normFirst`).
 * PyTorch's field names (`self_attn`, `multihead_attn`, `linear1`, `norm1..3`).
 */
export class TransformerDecoderLayer extends Module<[Tensor, Tensor, DecoderLayerCall?]> {
  readonly self_attn: MultiheadAttention;
  readonly multihead_attn: MultiheadAttention;
  readonly linear1: Linear;
  readonly dropout: Dropout;
  readonly linear2: Linear;
  readonly norm1: LayerNorm;
  readonly norm2: LayerNorm;
  readonly norm3: LayerNorm;
  readonly dropout1: Dropout;
  readonly dropout2: Dropout;
  readonly dropout3: Dropout;
  readonly options: ResolvedTransformerOptions;

  constructor(readonly dModel: number, readonly nhead: number, opts: TransformerLayerOptions = {}) {
    super();
    const o = (this.options = resolveTransformerOptions(opts));
    const attention = (): MultiheadAttention => new MultiheadAttention(dModel, nhead, { dropout: o.dropout, bias: o.bias, batchFirst: o.batchFirst });
    this.self_attn = attention();
    this.multihead_attn = attention();
    this.linear1 = new Linear(dModel, o.dimFeedforward, { bias: o.bias });
    this.dropout = new Dropout(o.dropout);
    this.linear2 = new Linear(o.dimFeedforward, dModel, { bias: o.bias });
    const norm = (): LayerNorm => new LayerNorm(dModel, { eps: o.layerNormEps, bias: o.bias });
    this.norm1 = norm();
    this.norm2 = norm();
    this.norm3 = norm();
    this.dropout1 = new Dropout(o.dropout);
    this.dropout2 = new Dropout(o.dropout);
    this.dropout3 = new Dropout(o.dropout);
  }

  forward(tgt: Tensor, memory: Tensor, opts: DecoderLayerCall = {}): Tensor {
    const selfAttend = (x: Tensor): Tensor =>
      this.dropout1.call(this.self_attn.call(x, x, x, { attnMask: opts.tgtMask, keyPaddingMask: opts.tgtKeyPaddingMask, needWeights: false })[0]);
    const crossAttend = (x: Tensor): Tensor =>
      this.dropout2.call(this.multihead_attn.call(x, memory, memory, { attnMask: opts.memoryMask, keyPaddingMask: opts.memoryKeyPaddingMask, needWeights: false })[0]);
    const ff = (x: Tensor): Tensor => this.dropout3.call(feedForward(x, this, this.options.activation));
    if (this.options.normFirst) {
      let x = add(tgt, selfAttend(this.norm1.call(tgt)));
      x = add(x, crossAttend(this.norm2.call(x)));
      return add(x, ff(this.norm3.call(x)));
    }
    let x = this.norm1.call(add(tgt, selfAttend(tgt)));
    x = this.norm2.call(add(x, crossAttend(x)));
    return this.norm3.call(add(x, ff(x)));
  }

  override toString(): string {
    return `TransformerDecoderLayer ${this.dModel}, ${this.nhead} heads`;
  }
}
