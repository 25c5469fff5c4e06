import { fmtShape, ShapeError } from '../../tensor/errors.js';
import type { Tensor } from '../../tensor/tensor.js';
import { add, mul } from '../../ops/binary.js';
import { softmax } from '../../ops/activation.js';
import { scaledDotProductAttention } from '../../ops/attention.js';
import { linear, matmul } from '../../ops/matmul.js';
import { mean } from '../../ops/reduce.js';
import { narrow, reshape, transpose } from '../../ops/view.js';
import { chunk } from '../../ops/join.js';
import { Module } from '../module.js';
import { parameter } from '../parameter.js';
import { constant_, xavierUniform_ } from '../init.js';
import { LayerInputError } from '../layer-input-error.js';
import { Linear } from './linear.js';
import { Dropout } from './dropout.js';
import { empty } from './empty.js';
import { combineAttentionMasks } from './attention-masks.js';

export interface MultiheadAttentionOptions {
  /** Dropout on the attention weights in training; default 0. */
  dropout?: number;
  /** Biases on the input and output projections; default true. */
  bias?: boolean;
  /** Inputs and output are [B, L, E] instead of [L, B, E]; default false (as PyTorch). */
  batchFirst?: boolean;
}

export interface MultiheadAttentionCall {
  /** Bool [B, S] (true = padding, ignored) or float (added). */
  keyPaddingMask?: Tensor | null;
  /** Bool [L, S] or [B*heads, L, S] (true = may NOT attend) or float (added). */
  attnMask?: Tensor | null;
  /** Also return the attention weights; default true (as PyTorch). */
  needWeights?: boolean;
  /** Average the returned weights over heads; default true. */
  averageAttnWeights?: boolean;
}

/**
 * `nn.MultiheadAttention` with PyTorch's parameters (`in_proj_weight` [3E, E], `in_proj_bias`,
 * `out_proj.weight`, `out_proj.bias`) and initialisation (xavier-uniform input projection, zero
 * biases). `call(query, key, value, opts)` returns `[output, weights | null]`: self-attention
 * when the three are the same tensor, cross-attention otherwise (key and value of the same
 * length). Unbatched [L, E] inputs work too. Attention itself is `scaledDotProductAttention`.
 */
export class MultiheadAttention extends Module<[Tensor, Tensor?, Tensor?, MultiheadAttentionCall?], [Tensor, Tensor | null]> {
  // PyTorch's state-dict keys are these field names.
  readonly in_proj_weight: Tensor;
  readonly in_proj_bias: Tensor | null;
  readonly out_proj: Linear;
  readonly headDim: number;
  readonly batchFirst: boolean;
  /** Dropout on the attention weights (a child, so train()/eval() reach it). */
  readonly attnDropout: Dropout;

  constructor(readonly embedDim: number, readonly numHeads: number, opts: MultiheadAttentionOptions = {}) {
    super();
    if (!Number.isInteger(numHeads) || numHeads < 1 || embedDim % numHeads !== 0) {
      throw new ShapeError(`MultiheadAttention: embed_dim ${embedDim} must be divisible by num_heads ${numHeads}`);
    }
    this.headDim = embedDim / numHeads;
    this.batchFirst = opts.batchFirst ?? false;
    const bias = opts.bias ?? true;
    this.in_proj_weight = parameter(xavierUniform_(empty([3 * embedDim, embedDim])));
    this.in_proj_bias = bias ? parameter(constant_(empty([3 * embedDim]), 0)) : null;
    this.out_proj = new Linear(embedDim, embedDim, { bias });
    if (this.out_proj.bias) constant_(this.out_proj.bias, 0);
    this.attnDropout = new Dropout(opts.dropout ?? 0);
  }

  forward(query: Tensor, key: Tensor = query, value: Tensor = key, opts: MultiheadAttentionCall = {}): [Tensor, Tensor | null] {
    const fail = (argument: string, detail: string): never => {
      throw new LayerInputError(this, this.toString(), `${argument}: ${detail}`);
    };
    const unbatched = query.ndim === 2;
    for (const [name, t] of [['query', query], ['key', key], ['value', value]] as const) {
      if (t.ndim !== (unbatched ? 2 : 3)) fail(name, `${name} ${fmtShape(t.shape)} must be ${unbatched ? '2-D [L, E] like query' : `3-D ${this.batchFirst ? '[B, L, E]' : '[L, B, E]'}`}`);
      if (t.shape[t.ndim - 1] !== this.embedDim) fail(name, `${name} ${fmtShape(t.shape)} has embedding size ${t.shape[t.ndim - 1]}, expected embed_dim ${this.embedDim}`);
    }
    // Work in [B, L, E].
    const batchFirst = (t: Tensor): Tensor => (unbatched ? reshape(t, [1, ...t.shape]) : this.batchFirst ? t : transpose(t, 0, 1));
    const [q0, k0, v0] = [batchFirst(query), batchFirst(key), batchFirst(value)];
    if (k0.shape[0] !== q0.shape[0] || v0.shape[0] !== q0.shape[0]) fail('key', `query ${fmtShape(query.shape)}, key ${fmtShape(key.shape)} and value ${fmtShape(value.shape)} have different batch sizes`);
    if (v0.shape[1] !== k0.shape[1]) fail('value', `key ${fmtShape(key.shape)} and value ${fmtShape(value.shape)} have different lengths`);
    const [b, l, s, h] = [q0.shape[0], q0.shape[1], k0.shape[1], this.numHeads];
    const mask = combineAttentionMasks(opts.attnMask, opts.keyPaddingMask, { batch: b, heads: h, queries: l, keys: s, dtype: query.dtype }, fail);
    const [q, k, v] = this.project(q0, k0, v0, query === key && key === value).map((t) => transpose(reshape(t, [b, t.shape[1], h, this.headDim]), 1, 2));
    let heads: Tensor;
    let weights: Tensor | null = null;
    if (opts.needWeights ?? true) {
      let scores = mul(matmul(q, transpose(k, -2, -1)), 1 / Math.sqrt(this.headDim));
      if (mask) scores = add(scores, mask);
      const p = softmax(scores, -1);
      heads = matmul(this.attnDropout.call(p), v);
      weights = (opts.averageAttnWeights ?? true) ? mean(p, 1) : p;
      if (unbatched) weights = reshape(weights, weights.shape.slice(1));
    } else {
      heads = scaledDotProductAttention(q, k, v, { attnMask: mask, dropoutP: this.attnDropout.training ? this.attnDropout.p : 0 });
    }
    const merged = reshape(transpose(heads, 1, 2), [b, l, this.embedDim]);
    const out = this.out_proj.call(merged);
    return [unbatched ? reshape(out, [l, this.embedDim]) : this.batchFirst ? out : transpose(out, 0, 1), weights];
  }

  /** The q, k, v projections: one GEMM with the packed weight for self-attention, three slices otherwise. */
  private project(q: Tensor, k: Tensor, v: Tensor, self: boolean): Tensor[] {
    if (self) return chunk(linear(q, this.in_proj_weight, this.in_proj_bias), 3, -1);
    const e = this.embedDim;
    const w = (i: number): Tensor => narrow(this.in_proj_weight, 0, i * e, e);
    const bias = (i: number): Tensor | null => (this.in_proj_bias ? narrow(this.in_proj_bias, 0, i * e, e) : null);
    return [linear(q, w(0), bias(0)), linear(k, w(1), bias(1)), linear(v, w(2), bias(2))];
  }

  override toString(): string {
    return `MultiheadAttention ${this.embedDim}, ${this.numHeads} heads`;
  }
}
