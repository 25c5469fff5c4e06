import type { KernelConfig } from '../../backend/kernel-registry.js';
import type { CpuBackend } from '../cpu-backend.js';
import { valuesOf } from '../cpu-data.js';
import { KEY_TILE, QUERY_TILE, attentionScratch, block, tileGemm, visibleKeys } from './attention-tiles.js';

/**
 * Attention forward with an online softmax (FlashAttention): for each block of queries, key
 * blocks are scored with one GEMM, folded into a running row max, row sum and output
 * accumulator, and discarded; causal blocks past the diagonal are never scored. Memory beyond
 * the output is one score tile and one accumulator tile. Also returns each row's logsumexp for
 * the backward pass.
 */
export const flashAttentionKernel: KernelConfig<'FlashAttention', CpuBackend> = {
  name: 'FlashAttention',
  backend: 'cpu',
  run: ({ q, k, v }, { scale, causal }, cpu) => {
    const [batch, l, e] = q.shape;
    const [s, ev] = [k.shape[1], v.shape[2]];
    const out = cpu.outputToOverwrite('float32', [batch, l, ev]);
    const lse = cpu.outputToOverwrite('float32', [batch, l]);
    const [Q, K, V, O, LSE] = [valuesOf(q) as Float32Array, valuesOf(k) as Float32Array, valuesOf(v) as Float32Array, out.values as Float32Array, lse.values as Float32Array];
    const { scores, acc, rowMax, rowSum } = attentionScratch(ev);
    for (let b = 0; b < batch; b++) {
      const [qb, kb, vb] = [q.offset + b * l * e, k.offset + b * s * e, v.offset + b * s * ev];
      for (let i0 = 0; i0 < l; i0 += QUERY_TILE) {
        const rows = Math.min(QUERY_TILE, l - i0);
        rowMax.fill(-Infinity, 0, rows);
        rowSum.fill(0, 0, rows);
        acc.fill(0, 0, rows * ev);
        const keys = visibleKeys(causal, i0, rows, s);
        for (let j0 = 0; j0 < keys; j0 += KEY_TILE) {
          const cols = Math.min(KEY_TILE, keys - j0);
          tileGemm(rows, cols, e, block(Q, qb + i0 * e, e), block(K, kb + j0 * e, e, true), scores, 0, cols, false);
          for (let r = 0; r < rows; r++) {
            const seen = causal ? Math.min(cols, i0 + r - j0 + 1) : cols;
            const at = r * cols;
            let m = rowMax[r];
            for (let c = 0; c < seen; c++) m = Math.max(m, scores[at + c] * scale);
            const alpha = Math.exp(rowMax[r] - m);
            let sum = 0;
            for (let c = 0; c < seen; c++) {
              const p = Math.exp(scores[at + c] * scale - m);
              scores[at + c] = p;
              sum += p;
            }
            for (let c = Math.max(seen, 0); c < cols; c++) scores[at + c] = 0;
            rowSum[r] = rowSum[r] * alpha + sum;
            rowMax[r] = m;
            if (alpha !== 1) for (let x = r * ev, end = x + ev; x < end; x++) acc[x] *= alpha;
          }
          tileGemm(rows, ev, cols, block(scores, 0, cols), block(V, vb + j0 * ev, ev), acc, 0, ev, true);
        }
        for (let r = 0; r < rows; r++) {
          const row = (b * l + i0 + r) * ev;
          const inv = 1 / rowSum[r];
          for (let x = 0; x < ev; x++) O[row + x] = acc[r * ev + x] * inv;
          LSE[b * l + i0 + r] = rowMax[r] + Math.log(rowSum[r]);
        }
      }
    }
    return [out, lse];
  },
};
