import type { Collective, ModuleTree } from '@flint/core';
import { broadcastModuleState } from './broadcast-state.js';
import type { BucketTiming } from './bucket-transport.js';
import { GradReducer, type GradReducerOptions } from './grad-reducer.js';
import { JoinVote } from './join.js';
import { enableSyncBatchNorm } from '../sync-batch-norm/enable-sync-batch-norm.js';

export interface DdpEngineOptions extends GradReducerOptions {
  /** Broadcast the authoritative rank's buffers (BatchNorm statistics) after every synchronised step (default true). */
  broadcastBuffers?: boolean;
}

/**
 * Everything DistributedDataParallel does to a module, once: the collective init (SyncBatchNorm's
 * channel, the gradient thread, rank 0's parameters and buffers), the gradient reducer, buffer
 * synchronisation after each synchronised step, the join protocol and teardown. The `Module`
 * wrapper (`DistributedDataParallel`) and the trainer's `DdpStrategy` are both thin fronts on it,
 * so the two cannot drift apart.
 */
export class DdpEngine {
  readonly #reducer: GradReducer;
  readonly #broadcastBuffers: boolean;
  /** While `join` runs: the vote, and this step's pending ballot (cast at `prepare`). */
  #join: JoinVote | null = null;
  #ballot: { wait(): Promise<number> } | null = null;
  #disposed = false;

  /** `prefix` names parameters in bucket listings (`'module'` under the wrapper). */
  constructor(
    readonly group: Collective,
    readonly module: ModuleTree,
    opts: DdpEngineOptions = {},
    prefix = '',
  ) {
    this.#broadcastBuffers = opts.broadcastBuffers ?? true;
    this.#reducer = new GradReducer(group, module, opts, prefix);
  }

  /** The collective part of construction; every rank calls it at the same point. */
  async init(): Promise<void> {
    await enableSyncBatchNorm(this.group, this.module);
    await this.#reducer.attach();
    await broadcastModuleState(this.group, this.module);
  }

  /** Gradient buckets: parameter names in all-reduce order. */
  get bucketNames(): string[][] {
    return this.#reducer.buckets.map((b) => [...b.names]);
  }

  /** When each bucket of the last synchronised step was launched and averaged (epoch ms). */
  get bucketTimings(): readonly BucketTiming[] {
    return this.#reducer.timings;
  }

  /** Call before each forward: the coming backward is synchronised unless inside `noSync`. */
  prepare(): void {
    this.#reducer.prepare();
    // Cast before backward launches any bucket, so every rank's vote precedes its buckets.
    if (this.#join && this.#reducer.armed) this.#ballot = this.#join.cast(true);
  }

  /**
   * Waits until every gradient bucket is averaged into `.grad`; after a synchronised step, the
   * authoritative rank's buffers (rank 0, or under `join` the last active rank) reach every rank.
   */
  async finish(): Promise<void> {
    const synchronised = this.#reducer.armed;
    await this.#reducer.finish();
    const ballot = this.#ballot;
    this.#ballot = null;
    const src = ballot ? await ballot.wait() : 0;
    if (synchronised) await this.syncBuffers(src);
  }

  /** Runs `fn` (forward and backward of micro-batches) without synchronising gradients. */
  noSync<T>(fn: () => T | Promise<T>): Promise<T> {
    return this.#reducer.noSync(fn);
  }

  /** `noSync` for a synchronous forward and backward (the trainer's accumulation micro-batches). */
  noSyncNow<T>(fn: () => T): T {
    return this.#reducer.noSyncNow(fn);
  }

  /**
   * The join protocol for uneven inputs (PyTorch's `with model.join():`): runs `fn`, this rank's
   * loop over however many batches it has; a rank that finishes early answers the others'
   * collectives (zero gradients, the buffer broadcast) until every rank has finished. At the end
   * every rank gets the parameters and buffers of the last rank to finish.
   */
  async join<T>(fn: () => T | Promise<T>): Promise<T> {
    if (this.#join) throw new Error('DistributedDataParallel.join: already inside join()');
    const vote = new JoinVote(this.group);
    this.#join = vote;
    try {
      const result = await fn();
      for (;;) {
        const authority = await vote.cast(false).wait();
        if (authority < 0) break;
        await this.#reducer.shadowStep();
        await this.syncBuffers(authority);
      }
      if (vote.lastAuthority >= 0) await broadcastModuleState(this.group, this.module, { buffers: this.#broadcastBuffers, src: vote.lastAuthority });
      return result;
    } finally {
      this.#join = null;
    }
  }

  /** Removes the gradient hooks from the module's parameters; later calls do nothing. */
  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#reducer.dispose();
  }

  private async syncBuffers(src: number): Promise<void> {
    if (!this.#broadcastBuffers || this.group.worldSize === 1) return;
    const bufs = this.module.buffers().filter((t) => t.dtype === 'float32' || t.dtype === 'int32');
    const works = bufs.map((b) => this.group.broadcast(b, src));
    for (const w of works) await w.wait();
  }
}
