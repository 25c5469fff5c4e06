import { DTypeError, isGradEnabled, type Collective, type ModuleTree, type Tensor } from '@flint/core';
import { ProcessGroup } from '../process-group.js';
import { assignBuckets, type GradBucket } from './grad-bucket.js';
import type { BucketTiming, BucketTransport } from './bucket-transport.js';
import { CollectiveTransport } from './collective-transport.js';
import { CommThreadTransport } from './comm-thread-transport.js';
import { GradStaging } from './grad-staging.js';

export interface GradReducerOptions {
  /** Bucket size cap in MB (PyTorch's `bucket_cap_mb`, default 25). */
  bucketCapMb?: number;
  /** The first bucket's cap in MB (default 1), so the first all-reduce starts early. */
  firstBucketCapMb?: number;
  /** Treat parameters that got no gradient as zero instead of failing (default false). */
  findUnusedParameters?: boolean;
}

/**
 * PyTorch's reducer: averages gradients over the group while backward runs. Each parameter's
 * post-accumulate hook marks it ready; when a bucket's last parameter is ready, its gradients are
 * copied into the staging memory and its all-reduce is handed to the rank's communication thread,
 * which runs it with its peers at once, while backward goes on. Buckets launch strictly in index
 * order, so every rank issues the same all-reduces in the same order. `finish()` waits for all
 * of them and writes the averages back into `.grad`.
 */
export class GradReducer {
  readonly buckets: GradBucket[];
  readonly #staging: GradStaging;
  readonly #transport: BucketTransport;
  readonly #commThread: CommThreadTransport | null;
  readonly #ready = new Set<Tensor>();
  readonly #removers: (() => void)[] = [];
  /** Buckets whose gradients only `await data()` can read (GPU): staged in `finish`, in order. */
  readonly #deferred: GradBucket[] = [];
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
    const float32 = named.every(([, p]) => p.dtype === 'float32');
    if (!float32) {
      const others = named.filter(([, p]) => p.dtype !== 'float32').map(([n, p]) => `${n} (${p.dtype})`);
      throw new DTypeError(`DistributedDataParallel: gradients are averaged as float32; these parameters are not: ${others.join(', ')}`);
    }
    const pg = group instanceof ProcessGroup && group.worldSize > 1 ? group : null;
    this.#staging = new GradStaging(this.buckets, pg !== null);
    this.#commThread = pg ? new CommThreadTransport(this.#staging.values.buffer as SharedArrayBuffer, () => pg.enableGradComm() ?? Promise.reject(new Error('no gradient communication thread'))) : null;
    this.#transport = this.#commThread ?? new CollectiveTransport(group, this.#staging.values);
    for (const [, p] of named) this.#removers.push(p.registerPostAccumulateGradHook((t) => this.onReady(t)));
  }

  /**
   * Connects to the group's communication thread: a collective call on tcp (the threads form a
   * ring of their own), so every rank makes it at the same point of its collectives; DDP's
   * construction does. Without it, the first `finish()` connects.
   */
  attach(): Promise<void> {
    return this.#commThread?.attach() ?? Promise.resolve();
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

  /** `noSync` for a synchronous forward and backward (the trainer's accumulation micro-batches). */
  noSyncNow<T>(fn: () => T): T {
    this.#disabled++;
    try {
      return fn();
    } finally {
      this.#disabled--;
    }
  }

  private onReady(p: Tensor): void {
    if (!this.#armed || this.#ready.has(p)) return;
    this.#ready.add(p);
    this.launchReady(false);
  }

  /** Launches every bucket, in index order, whose parameters are all ready. */
  private launchReady(fillUnused: boolean): void {
    while (this.#nextLaunch < this.buckets.length) {
      const b = this.buckets[this.#nextLaunch];
      if (!fillUnused && !b.params.every((p) => this.#ready.has(p))) return;
      if (this.#deferred.length === 0 && this.#staging.stage(b)) this.#transport.launch(this.#staging.ranges[b.index]);
      else this.#deferred.push(b);
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
    for (const b of this.#deferred.splice(0)) {
      await this.#staging.stageAsync(b);
      this.#transport.launch(this.#staging.ranges[b.index]);
    }
    await this.#transport.finish();
    for (const b of this.buckets) this.#staging.writeBack(b);
  }

  /** True when the coming backward is synchronised (set by `prepare`). */
  get armed(): boolean {
    return this.#armed;
  }

  /** When each bucket of the last synchronised step was launched and averaged (epoch ms). */
  get timings(): readonly BucketTiming[] {
    return this.#transport.timings;
  }

  /**
   * A joined rank's share of one step (the join protocol): all-reduces zeros for every bucket,
   * in bucket order and with the same op as active ranks, so their all-reduces complete.
   */
  async shadowStep(): Promise<void> {
    this.#staging.zero();
    for (const r of this.#staging.ranges) this.#transport.launch(r);
    await this.#transport.finish();
  }

  /** Removes the gradient hooks. */
  dispose(): void {
    for (const r of this.#removers.splice(0)) r();
  }
}
