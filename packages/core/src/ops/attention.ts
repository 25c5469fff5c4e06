import { isFloat } from '../tensor/dtype.js';
import { DTypeError, KernelError, ShapeError, fmtShape } from '../tensor/errors.js';
import { broadcastShapes } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { bernoulli } from '../random/random-ops.js';
import { add, div, mul } from './binary.js';
import { softmax } from './activation.js';
import { matmul } from './matmul.js';
import { triangularMask } from './triangular.js';
import { transpose } from './view.js';
import { where } from './where.js';
import { canFuseAttention, fusedAttention } from './fused-attention.js';

export interface AttentionOptions {
  /**
   * Broadcasts to [..., L, S]. Bool: true where a query MAY attend to a key (PyTorch 2.x
   * `scaled_dot_product_attention`'s convention, the opposite of `nn.MultiheadAttention`'s);
   * float: added to the scores.
   */
  attnMask?: Tensor | null;
  /** Query i attends to keys j <= i (the upper-left causal triangle). Not with `attnMask`. */
  isCausal?: boolean;
  /** Dropout probability on the attention weights; default 0. */
  dropoutP?: number;
  /** Score scale; default `1 / sqrt(E)`. */
  scale?: number;
  /**
   * 'auto' (default): the backend's fused FlashAttention kernels when it has them and the call
   * has no `attnMask` and no dropout, else the composite; 'composite' forces the reference path;
   * 'fused' requires the kernels (a KernelError otherwise).
   */
  implementation?: 'auto' | 'fused' | 'composite';
}

/** Validates the shapes and returns the scores' shape [...batch, L, S]. */
function scoreShape(q: Tensor, k: Tensor, v: Tensor, opts: AttentionOptions): number[] {
  const op = 'scaledDotProductAttention';
  const shapes = `query ${fmtShape(q.shape)}, key ${fmtShape(k.shape)}, value ${fmtShape(v.shape)}`;
  for (const [name, t] of [['query', q], ['key', k], ['value', v]] as const) {
    if (t.ndim < 2) throw new ShapeError(`${op}: ${name} must have at least 2 dimensions [..., L, E]; got ${shapes}`);
    if (!isFloat(t.dtype) || t.dtype !== q.dtype) throw new DTypeError(`${op}: query, key and value must share one floating dtype, got ${q.dtype}, ${k.dtype}, ${v.dtype}`);
  }
  const e = q.shape[q.ndim - 1];
  if (k.shape[k.ndim - 1] !== e) throw new ShapeError(`${op}: ${shapes}: query and key embedding sizes ${e} and ${k.shape[k.ndim - 1]} differ`);
  const s = k.shape[k.ndim - 2];
  if (v.shape[v.ndim - 2] !== s) throw new ShapeError(`${op}: ${shapes}: key and value lengths ${s} and ${v.shape[v.ndim - 2]} differ`);
  const batch = broadcastShapes(op, q.shape.slice(0, -2), k.shape.slice(0, -2), v.shape.slice(0, -2));
  const scores = [...batch, q.shape[q.ndim - 2], s];
  const mask = opts.attnMask;
  if (mask) {
    if (opts.isCausal) throw new ShapeError(`${op}: give attnMask or isCausal, not both`);
    let fits: boolean;
    try {
      fits = broadcastShapes(op, scores, mask.shape).every((d, i) => d === scores[i]) && mask.ndim <= scores.length;
    } catch {
      fits = false;
    }
    if (!fits) throw new ShapeError(`${op}: attnMask ${fmtShape(mask.shape)} does not broadcast to the attention scores ${fmtShape(scores)} (${shapes})`);
    if (mask.dtype !== 'bool' && mask.dtype !== q.dtype) throw new DTypeError(`${op}: attnMask must be bool or ${q.dtype}, got ${mask.dtype}`);
  }
  return scores;
}

/**
 * `torch.nn.functional.scaled_dot_product_attention` (PyTorch 2.x semantics):
 * `softmax(q kᵀ * scale + mask) v` over q [..., L, E], k [..., S, E], v [..., S, Ev], batch
 * dimensions broadcasting. A query row with every key masked gives NaN, as in PyTorch. Without
 * a mask or dropout it runs the backend's fused kernels (online softmax, tiles: no [L, S]
 * scores held); otherwise, or with `implementation: 'composite'`, the composite form that
 * materialises the scores and serves as the reference in tests.
 */
export function scaledDotProductAttention(q: Tensor, k: Tensor, v: Tensor, opts: AttentionOptions = {}): Tensor {
  const scores = scoreShape(q, k, v, opts);
  const scale = opts.scale ?? 1 / Math.sqrt(q.shape[q.ndim - 1]);
  const implementation = opts.implementation ?? 'auto';
  const dropoutP = opts.dropoutP ?? 0;
  if (!(dropoutP >= 0 && dropoutP <= 1)) throw new RangeError(`scaledDotProductAttention: dropoutP must be in [0, 1], got ${dropoutP}`);
  if (implementation !== 'composite') {
    const fusable = !opts.attnMask && dropoutP === 0 && canFuseAttention(q, k, v);
    if (fusable) return fusedAttention(q, k, v, { scale, causal: opts.isCausal ?? false });
    if (implementation === 'fused') {
      throw new KernelError(`scaledDotProductAttention: no fused kernel for this call on ${q.device} (needs float32, no attnMask, no dropout, and FlashAttention kernels)`);
    }
  }
  let s = mul(matmul(q, transpose(k, -2, -1)), scale);
  if (opts.isCausal) {
    const allowed = triangularMask(scores[scores.length - 2], scores[scores.length - 1], 0, false, q.device);
    s = where(allowed, s, -Infinity);
    allowed.dispose();
  }
  const mask = opts.attnMask;
  if (mask) s = mask.dtype === 'bool' ? where(mask, s, -Infinity) : add(s, mask);
  let p = softmax(s, -1);
  if (dropoutP > 0) {
    const keep = bernoulli(1 - dropoutP, p.shape, { device: p.device, dtype: p.dtype });
    p = dropoutP === 1 ? mul(p, 0) : div(mul(p, keep), 1 - dropoutP);
    keep.dispose();
  }
  return matmul(p, v);
}
