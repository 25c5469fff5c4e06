import { tensor, type Tensor, type Work } from '@flint/core';

/**
 * The ranks a metric merges its state over: core's `Collective` (a process group) or the
 * trainer's `Strategy` both fit, since only `allGather` is used.
 */
export interface MetricGroup {
  readonly rank: number;
  readonly worldSize: number;
  allGather(t: Tensor): Promise<Tensor[]> | Work<Tensor[]>;
}

/** Where the samples a metric saw came from, so `sync` can drop `DistributedSampler`'s padding. */
export interface SyncOptions {
  /**
   * Length of the dataset the ranks' `DistributedSampler`s split. The sampler pads the index
   * list by repeating its start up to a multiple of the world size; rank r's i-th sample is
   * padding when `i * worldSize + r >= datasetSize`. Leave out when there was no padding.
   */
  readonly datasetSize?: number;
}

async function gather(group: MetricGroup, t: Tensor): Promise<Float32Array[]> {
  const r = group.allGather(t);
  const parts = 'wait' in r ? await r.wait() : await r;
  try {
    return await Promise.all(parts.map(async (p) => Float32Array.from(await p.data())));
  } finally {
    for (const p of parts) if (p !== t) p.dispose();
  }
}

/**
 * Sums `values` over the ranks in float64: each value travels as a float32 pair (its rounding
 * and the rest), so counts and sums of squares stay exact far past float32's 2^24.
 */
export async function allReduceSum(group: MetricGroup, values: Float64Array): Promise<Float64Array> {
  const pairs = new Float32Array(values.length * 2);
  for (let i = 0; i < values.length; i++) {
    const hi = Math.fround(values[i]);
    pairs[2 * i] = hi;
    pairs[2 * i + 1] = values[i] - hi;
  }
  const t = tensor(pairs);
  try {
    const out = new Float64Array(values.length);
    for (const p of await gather(group, t)) for (let i = 0; i < out.length; i++) out[i] += p[2 * i] + p[2 * i + 1];
    return out;
  } finally {
    t.dispose();
  }
}

/** Every rank's `values` (lengths may differ), concatenated in rank order. */
export async function allGatherConcat(group: MetricGroup, values: readonly number[]): Promise<number[]> {
  const len = tensor(new Float32Array([values.length]));
  let lengths: number[];
  try {
    lengths = (await gather(group, len)).map((p) => p[0]);
  } finally {
    len.dispose();
  }
  const max = Math.max(1, ...lengths);
  const padded = new Float32Array(max);
  padded.set(values);
  const t = tensor(padded);
  try {
    const parts = await gather(group, t);
    return parts.flatMap((p, rank) => Array.from(p.subarray(0, lengths[rank])));
  } finally {
    t.dispose();
  }
}
