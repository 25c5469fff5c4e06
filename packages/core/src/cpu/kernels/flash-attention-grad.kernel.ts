import type { KernelConfig } from '../../backend/kernel-registry.js';
import type { CpuBackend } from '../cpu-backend.js';
import { valuesOf } from '../cpu-data.js';
import { KEY_TILE, QUERY_TILE, attentionScratch, block, tileGemm, visibleKeys } from './attention-tiles.js';

/**
 * FlashAttention's backward: per tile, the probabilities are recomputed from the scores and the
 * saved row logsumexp (`P = exp(scale * q kᵀ - lse)`), then `dV += Pᵀ dO`, `dP = dO Vᵀ`,
 * `dS = P (dP - rowsum(dO * O)) * scale`, `dQ += dS K`, `dK += dSᵀ Q`, five tile GEMMs; nothing of
 * size [L, S] is ever held.
 */
export const flashAttentionGradKernel: KernelConfig<'FlashAttentionGrad', CpuBackend> = {
  name: 'FlashAttentionGrad',
  backend: 'cpu',
  run: ({ q, k, v, out, dout, lse }, { scale, causal }, cpu) => {
    const [batch, l, e] = q.shape;
    const [s, ev] = [k.shape[1], v.shape[2]];
    const dq = cpu.outputToOverwrite('float32', q.shape);
    const dk = cpu.outputToOverwrite('float32', k.shape);
    const dv = cpu.outputToOverwrite('float32', v.shape);
    const [Q, K, V, O, DO, LSE] = [q, k, v, out, dout, lse].map((t) => valuesOf(t) as Float32Array);
    const [DQ, DK, DV] = [dq.values, dk.values, dv.values] as Float32Array[];
    DQ.fill(0);
    DK.fill(0);
    DV.fill(0);
    const { scores, grads, rowSum: delta } = attentionScratch(ev);
    for (let b = 0; b < batch; b++) {
      const [qb, kb, vb, ob] = [q.offset + b * l * e, k.offset + b * s * e, v.offset + b * s * ev, b * l * ev];
      const [oOff, dOff, lOff] = [out.offset + ob, dout.offset + ob, lse.offset + b * l];
      for (let i0 = 0; i0 < l; i0 += QUERY_TILE) {
        const rows = Math.min(QUERY_TILE, l - i0);
        for (let r = 0; r < rows; r++) {
          let d = 0;
          for (let x = 0, at = (i0 + r) * ev; x < ev; x++) d += DO[dOff + at + x] * O[oOff + at + x];
          delta[r] = d;
        }
        const keys = visibleKeys(causal, i0, rows, s);
        for (let j0 = 0; j0 < keys; j0 += KEY_TILE) {
          const cols = Math.min(KEY_TILE, keys - j0);
          tileGemm(rows, cols, e, block(Q, qb + i0 * e, e), block(K, kb + j0 * e, e, true), scores, 0, cols, false);
          tileGemm(rows, cols, ev, block(DO, dOff + i0 * ev, ev), block(V, vb + j0 * ev, ev, true), grads, 0, cols, false);
          for (let r = 0; r < rows; r++) {
            const seen = causal ? Math.min(cols, i0 + r - j0 + 1) : cols;
            const at = r * cols;
            const m = LSE[lOff + i0 + r];
            for (let c = 0; c < seen; c++) {
              const p = Math.exp(scores[at + c] * scale - m);
              scores[at + c] = p;
              grads[at + c] = p * (grads[at + c] - delta[r]) * scale;
            }
            for (let c = Math.max(seen, 0); c < cols; c++) scores[at + c] = grads[at + c] = 0;
          }
          tileGemm(cols, ev, rows, block(scores, 0, cols, true), block(DO, dOff + i0 * ev, ev), DV, vb - v.offset + j0 * ev, ev, true);
          tileGemm(rows, e, cols, block(grads, 0, cols), block(K, kb + j0 * e, e), DQ, qb - q.offset + i0 * e, e, true);
          tileGemm(cols, e, rows, block(grads, 0, cols, true), block(Q, qb + i0 * e, e), DK, kb - k.offset + j0 * e, e, true);
        }
      }
    }
    return [dq, dk, dv];
  },
};
