import { kernelRegistry } from '../backend/kernel-registry.js';
import { broadcastShapes, shapesEqual, type Shape } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { runKernelMulti } from './dispatch.js';
import { record, wants } from './record.js';
import { reduceSumTo } from './reduce-to.js';
import { contiguous } from './unary.js';
import { expand, reshape } from './view.js';

/** What the fused kernel covers: float32, no explicit mask, no dropout; the composite does the rest. */
export interface FusedAttentionCall {
  readonly scale: number;
  readonly causal: boolean;
}

/** True when `q`'s backend has the fused kernels and the call is one they compute. */
export function canFuseAttention(q: Tensor, k: Tensor, v: Tensor): boolean {
  const name = q.storage.backend.name;
  return q.dtype === 'float32' && k.dtype === 'float32' && v.dtype === 'float32' &&
    kernelRegistry.has(name, 'FlashAttention') && kernelRegistry.has(name, 'FlashAttentionGrad');
}

/** `t` broadcast to `batch` leading dims and flattened to [prod(batch), rows, cols], dense. */
function asBatch(t: Tensor, batch: Shape): Tensor {
  const [rows, cols] = t.shape.slice(-2);
  const full = [...batch, rows, cols];
  const wide = shapesEqual(t.shape, full) ? t : expand(t, full);
  return contiguous(reshape(contiguous(wide), [-1, rows, cols]));
}

/**
 * Attention through the backend's FlashAttention kernels: batch dimensions broadcast and fold
 * into one, one forward kernel (output and row logsumexp), and a recorded backward that runs the
 * gradient kernel and sums broadcast gradients back to each input's shape. The backward is not
 * itself differentiable (as PyTorch's fused attention).
 */
export function fusedAttention(q: Tensor, k: Tensor, v: Tensor, call: FusedAttentionCall): Tensor {
  const batch = broadcastShapes('scaledDotProductAttention', q.shape.slice(0, -2), k.shape.slice(0, -2), v.shape.slice(0, -2));
  const [q3, k3, v3] = [asBatch(q, batch), asBatch(k, batch), asBatch(v, batch)];
  const [out3, lse] = runKernelMulti('FlashAttention', { q: q3, k: k3, v: v3 }, { scale: call.scale, causal: call.causal });
  const outShape = [...batch, q.shape[q.ndim - 2], v.shape[v.ndim - 1]];
  const out = reshape(out3, outShape);
  const need = [wants(q), wants(k), wants(v)];
  const from = [q.shape, k.shape, v.shape];
  const recorded = record('scaledDotProductAttention', [q, k, v], out, [q3, k3, v3, out3, lse], ([g], [sq, sk, sv, so, sl]) => {
    const dout = contiguous(reshape(g, so.shape));
    const grads = runKernelMulti('FlashAttentionGrad', { q: sq, k: sk, v: sv, out: so, dout, lse: sl }, { scale: call.scale, causal: call.causal });
    return grads.map((d, i) => {
      if (!need[i]) {
        d.dispose();
        return null;
      }
      const wide = reshape(d, [...batch, ...from[i].slice(-2)]);
      return shapesEqual(wide.shape, from[i]) ? wide : reduceSumTo(wide, from[i]);
    });
  });
  // The graph keeps its own handles on what backward needs.
  for (const t of [q3, k3, v3, out3, lse]) t.dispose();
  return recorded;
}
