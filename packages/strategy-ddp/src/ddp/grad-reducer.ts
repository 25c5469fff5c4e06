import { cat, isGradEnabled, keep, noGrad, tidy, zeros, zerosLike, type Collective, type ModuleTree, type Tensor, type Work } from '@flint/core';
import { assignBuckets, type GradBucket } from './grad-bucket.js';

export interface GradReducerOptions {
  /** Bucket size cap in MB (PyTorch's `bucket_cap_mb`, default 25). */
  bucketCapMb?: number;
  /** The first bucket's cap in MB (default 1), so the first all-reduce starts early. */
  firstBucketCapMb?: number;
  /** Treat parameters that got no gradient as zero instead of failing (default false). */
  findUnusedParameters?: boolean;
}

interface Flight {
  readonly flat: Tensor;
  readonly work: Work;
}

/**
 * PyTorch's reducer: all-reduces (averages) gradients over the group while backward runs. Each
 * parameter's post-accumulate hook marks it ready; when a bucket's last parameter is ready the
 * bucket is flattened and its all-reduce starts. Buckets start strictly in index order, so every
 * rank issues the same collectives in the same order. `finish()` waits for all of them and
 * writes the averages back into `.grad`.
 */
export class GradReducer {
  readonly buckets: GradBucket[];
  readonly #bucketOf = new Map<Tensor, GradBucket>();
  readonly #ready = new Set<Tensor>();
  readonly #flights = new Map<number, Flight>();
  readonly #removers: (() => void)[] = [];
  #nextLaunch = 0;
  #armed = false;
  #disabled = 0;

  constructor(
    private readonly group: Collective,
    module: ModuleTree,
    private readonly opts: GradReducerOptions = {},
    prefix = '',
  ) {
    const named = [...module.namedParameters(prefix)].filter(([, p]) => p.requiresGrad);
    const mb = 1024 * 1024;
    this.buckets = assignBuckets(named, (opts.bucketCapMb ?? 25) * mb, (opts.firstBucketCapMb ?? 1) * mb);
    for (const b of this.buckets) for (const p of b.params) this.#bucketOf.set(p, b);
    for (const [, p] of named) this.#removers.push(p.registerPostAccumulateGradHook((t) => this.onReady(t)));
  }

  /** Called at the start of each forward: the coming backward is synchronised unless disabled. */
  prepare(): void {
    this.#armed = this.#disabled === 0 && isGradEnabled() && this.group.worldSize > 1;
    this.#ready.clear();
    this.#nextLaunch = 0;
  }

  /** Runs `fn` with gradient synchronisation off (gradient accumulation). */
  async noSync<T>(fn: () => T | Promise<T>): Promise<T> {
    this.#disabled++;
    try {
      return await fn();
    } finally {
      this.#disabled--;
    }
  }

  private onReady(p: Tensor): void {
    if (!this.#armed || this.#ready.has(p)) return;
    this.#ready.add(p);
    this.launchReady(false);
  }

  /** Starts every bucket, in index order, whose parameters are all ready. */
  private launchReady(fillUnused: boolean): void {
    while (this.#nextLaunch < this.buckets.length) {
      const b = this.buckets[this.#nextLaunch];
      if (!fillUnused && !b.params.every((p) => this.#ready.has(p))) return;
      const flat = keep(noGrad(() => tidy(() => cat(b.params.map((p) => (p.grad ?? zerosLike(p)).reshape(p.size))))));
      this.#flights.set(b.index, { flat, work: this.group.allReduce(flat, 'avg') });
      this.#nextLaunch++;
    }
  }

  /**
   * Waits for every bucket's all-reduce and writes the averaged gradients into `.grad`. Without
   * `findUnusedParameters`, a parameter that got no gradient is an error naming it (it would
   * leave its bucket, and every rank, waiting).
   */
  async finish(): Promise<void> {
    if (!this.#armed) return;
    this.#armed = false;
    if (this.#nextLaunch < this.buckets.length) {
      if (!this.opts.findUnusedParameters) {
        const missing = this.buckets.flatMap((b) => b.params.map((p, i) => [p, b.names[i]] as const)).filter(([p]) => !this.#ready.has(p));
        throw new Error(
          `DistributedDataParallel: parameters that got no gradient in this iteration: ${missing.map(([, n]) => n).join(', ')}. ` +
            'Pass findUnusedParameters: true if parts of the model are unused, or make sure every output takes part in the loss.',
        );
      }
      this.launchReady(true);
    }
    const flights = [...this.#flights.values()];
    this.#flights.clear();
    try {
      for (const f of flights) await f.work.wait();
      noGrad(() => {
        for (const b of this.buckets) {
          const flat = flights[b.index].flat;
          let off = 0;
          for (const p of b.params) {
            const avg = flat.narrow(0, off, p.size).reshape(...p.shape);
            if (p.grad) p.grad.copy_(avg);
            else p.grad = keep(avg.clone());
            avg.dispose();
            off += p.size;
          }
        }
      });
    } finally {
      for (const f of flights) f.flat.dispose();
    }
  }

  /** True when the coming backward is synchronised (set by `prepare`). */
  get armed(): boolean {
    return this.#armed;
  }

  /**
   * A joined rank's share of one step (the join protocol): all-reduces zeros for every bucket,
   * in bucket order and with the same op as active ranks, so their all-reduces complete.
   */
  async shadowStep(): Promise<void> {
    const flights = this.buckets.map((b) => {
      const flat = zeros([b.params.reduce((n, p) => n + p.size, 0)], { device: b.params[0].device });
      return { flat, work: this.group.allReduce(flat, 'avg') };
    });
    try {
      for (const f of flights) await f.work.wait();
    } finally {
      for (const f of flights) f.flat.dispose();
    }
  }

  /** Removes the gradient hooks. */
  dispose(): void {
    for (const r of this.#removers.splice(0)) r();
  }
}
