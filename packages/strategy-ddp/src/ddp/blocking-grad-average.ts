import { DeviceError, fromValues, noGrad, type Tensor } from '@flint/core';
import type { ProcessGroup } from '../process-group.js';

/**
 * Averages the gradients of `params` over the ranks now, blocking this thread: what manual
 * optimization needs, where the user's `optimizer.step()` follows `manualBackward` inside the
 * synchronous training step and cannot wait for the asynchronous buckets. One flat buffer, one
 * blocking all-reduce (bit-identical on every rank). Averaging is linear, so gradients that
 * were already averaged by an earlier call and have since grown by local terms come out as the
 * average of everything (a GAN's two backward passes per step are fine).
 */
export function averageGradsBlocking(group: ProcessGroup, params: readonly Tensor[]): void {
  const grads: Tensor[] = [];
  for (const p of params) if (p.grad) grads.push(p.grad);
  let total = 0;
  for (const g of grads) total += g.size;
  if (total === 0) return;
  const buf = new Float32Array(total);
  let at = 0;
  for (const g of grads) {
    if (g.dtype !== 'float32') throw new DeviceError(`ddp manual optimization: gradient of dtype ${g.dtype}; only float32 gradients are averaged`);
    if (!g.storage.backend.readSync) {
      throw new DeviceError(
        `ddp manual optimization: gradients on ${g.device} read asynchronously, and manualBackward must average them before the step returns; ` +
          "use accelerator 'cpu' with manual optimization under ddp, or automatic optimization",
      );
    }
    buf.set(g.dataSync() as Float32Array, at);
    at += g.size;
  }
  group.allReduceBlocking(buf);
  const scale = 1 / group.worldSize;
  for (let i = 0; i < total; i++) buf[i] *= scale;
  at = 0;
  noGrad(() => {
    for (const g of grads) {
      const avg = fromValues(buf.subarray(at, at + g.size), g.shape, { device: g.device });
      g.copy_(avg);
      avg.dispose();
      at += g.size;
    }
  });
}
