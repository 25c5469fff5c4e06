import { fromValues, keep, noGrad, type Tensor } from '@flint/core';
import type { GradBucket } from './grad-bucket.js';
import type { BucketRange } from './bucket-transport.js';

/** Whether `t`'s values can be read in place from its backend's host memory (CPU, not a GPU). */
const inHostMemory = (t: Tensor): boolean => t.storage.backend.hostView !== undefined && t.isContiguous();

/** `t`'s float32 values in its backend's own host memory, or null when the backend has none (a GPU). */
function hostMemory(t: Tensor): Float32Array | null {
  const { backend, dataId } = t.storage;
  if (!backend.hostView || !t.isContiguous()) return null;
  const all = backend.hostView(dataId);
  return all instanceof Float32Array ? all.subarray(t.offset, t.offset + t.size) : null;
}

/**
 * The flat float32 memory every bucket's gradients are copied into for the all-reduce (one
 * block, shared with the communication thread when `shared`), laid out bucket after bucket in
 * bucket order. Copies go straight between the gradients' host memory and the block: a step
 * allocates no tensor on CPU (only a view per gradient). A parameter without a gradient stages zeros.
 */
export class GradStaging {
  readonly values: Float32Array;
  readonly ranges: readonly BucketRange[];

  constructor(
    private readonly buckets: readonly GradBucket[],
    shared: boolean,
  ) {
    let offset = 0;
    this.ranges = buckets.map((b) => {
      const length = b.params.reduce((n, p) => n + p.size, 0);
      const r = { index: b.index, offset, length };
      offset += length;
      return r;
    });
    this.values = new Float32Array(shared ? new SharedArrayBuffer(offset * 4) : new ArrayBuffer(offset * 4));
  }

  /** Copies bucket `b`'s gradients in without waiting; false when some live where only `await data()` reads them. */
  stage(b: GradBucket): boolean {
    for (const p of b.params) if (p.grad && !inHostMemory(p.grad)) return false;
    let at = this.ranges[b.index].offset;
    for (const p of b.params) {
      const src = p.grad ? hostMemory(p.grad) : null;
      if (src) this.values.set(src, at);
      else if (p.grad) this.values.set(p.grad.dataSync(), at);
      else this.values.fill(0, at, at + p.size);
      at += p.size;
    }
    return true;
  }

  /** Copies bucket `b`'s gradients in, reading device memory back (GPU backends). */
  async stageAsync(b: GradBucket): Promise<void> {
    let at = this.ranges[b.index].offset;
    for (const p of b.params) {
      if (p.grad) this.values.set(await p.grad.data(), at);
      else this.values.fill(0, at, at + p.size);
      at += p.size;
    }
  }

  /** Zeros every bucket (a joined rank's share of a step). */
  zero(): void {
    this.values.fill(0);
  }

  /** Writes the averaged values of bucket `b` into its parameters' `.grad` (making it where missing). */
  writeBack(b: GradBucket): void {
    let at = this.ranges[b.index].offset;
    for (const p of b.params) {
      const avg = this.values.subarray(at, at + p.size);
      const dst = p.grad ? hostMemory(p.grad) : null;
      if (dst) dst.set(avg);
      else {
        const t = fromValues(avg.slice(), p.shape, { device: p.device });
        noGrad(() => {
          if (p.grad) p.grad.copy_(t);
          else p.grad = keep(t.clone());
        });
        t.dispose();
      }
      at += p.size;
    }
  }
}
