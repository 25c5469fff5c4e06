import type { Tensor } from '@flint/core';

/** Parameters whose gradients travel in one all-reduce, in the order they join the flat buffer. */
export interface GradBucket {
  readonly index: number;
  readonly params: readonly Tensor[];
  readonly names: readonly string[];
}

const bytesOf = (p: Tensor): number => p.size * 4;

/**
 * Groups parameters into buckets in reverse registration order (gradients of the last layers
 * are ready first in backward), as PyTorch's reducer does: the first bucket is capped at
 * `firstBucketBytes` so communication starts early, the rest at `capBytes`. A parameter larger
 * than a cap gets a bucket of its own. Buckets never mix dtypes or devices.
 */
export function assignBuckets(named: readonly [string, Tensor][], capBytes: number, firstBucketBytes: number): GradBucket[] {
  const out: GradBucket[] = [];
  let params: Tensor[] = [];
  let names: string[] = [];
  let bytes = 0;
  const flush = (): void => {
    if (params.length) out.push({ index: out.length, params, names });
    params = [];
    names = [];
    bytes = 0;
  };
  for (const [name, p] of [...named].reverse()) {
    const cap = out.length === 0 ? firstBucketBytes : capBytes;
    const mismatch = params.length > 0 && (params[0].dtype !== p.dtype || params[0].device !== p.device);
    if (mismatch || (params.length > 0 && bytes + bytesOf(p) > cap)) flush();
    params.push(p);
    names.push(name);
    bytes += bytesOf(p);
  }
  flush();
  return out;
}
