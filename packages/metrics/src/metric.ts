import { Tensor, type DType, type TypedArray } from '@flint/core';
import { startHostRead } from './host-read.js';
import { MetricError } from './metric-error.js';
import { allGatherConcat, allReduceSum, type MetricGroup, type SyncOptions } from './metric-group.js';
import { MetricState } from './metric-state.js';

/** One input of an update, read to the host. */
export interface HostInput {
  readonly values: TypedArray;
  readonly shape: readonly number[];
  readonly dtype: DType;
}

interface PendingUpdate {
  /** Local index (on this rank, since `reset`) of its first sample. */
  readonly start: number;
  /** Samples along dim 0; null for inputs that are not per sample (never dropped as padding). */
  readonly rows: number | null;
  inputs: HostInput[] | null;
  error: unknown;
  readonly ready: Promise<void>;
}

/**
 * torchmetrics' `Metric` for Flint: `update` per batch (synchronous, so it can run inside a
 * step's `tidy`), `compute` per epoch, `reset`, `stateDict`/`loadStateDict`, and `sync` over the
 * ranks of a process group. `update` starts reading its inputs to the host at once and folds
 * them into float64 state as they arrive; `compute` waits for the reads. The newest update is
 * held back until `compute`/`sync`, because only it can hold `DistributedSampler` padding.
 */
export abstract class Metric<V = number> {
  protected readonly state: MetricState;
  private pending: PendingUpdate[] = [];
  private seen = 0;
  private local: Record<string, number[]> | null = null;

  constructor() {
    this.state = new MetricState(this.constructor.name);
  }

  /** Samples this rank has seen since the last `reset`. */
  get sampleCount(): number {
    return this.seen;
  }

  /** True between `sync` and `unsync`/`reset`: the state is every rank's. */
  get synced(): boolean {
    return this.local !== null;
  }

  /** Folds the first `rows` samples along dim 0 into the state (`null`: inputs not per sample, all of them). */
  protected abstract fold(inputs: readonly HostInput[], rows: number | null): void;

  /** The value from the current state. */
  protected abstract computeValue(): V;

  /**
   * Queues `inputs` for folding. `rows` is their sample count along dim 0, or null when the
   * inputs are not per sample (a batch mean), which `sync` never treats as padding.
   */
  protected enqueue(inputs: readonly (Tensor | HostInput)[], rows: number | null): void {
    if (this.local) throw new MetricError(`${this.constructor.name}.update: the metric is synced across ranks; call unsync() or reset() first`);
    const shapes = inputs.map((t) => t.shape.slice());
    const dtypes = inputs.map((t) => t.dtype);
    const reads = inputs.map((x) => (x instanceof Tensor ? startHostRead(x) : x.values));
    const entry: PendingUpdate = { start: this.seen, rows, inputs: null, error: undefined, ready: Promise.resolve() };
    const toInputs = (vals: TypedArray[]): HostInput[] => vals.map((values, i) => ({ values, shape: shapes[i], dtype: dtypes[i] }));
    if (reads.every((r) => !(r instanceof Promise))) entry.inputs = toInputs(reads as TypedArray[]);
    else {
      (entry as { ready: Promise<void> }).ready = Promise.all(reads).then(
        (vals) => void (entry.inputs = toInputs(vals)),
        (e: unknown) => void (entry.error = e),
      );
    }
    this.seen += rows ?? 0;
    let ready = 0;
    while (ready < this.pending.length && this.pending[ready].inputs) ready++;
    for (const e of this.pending.splice(0, ready)) this.foldEntry(e, null);
    this.pending.push(entry);
  }

  /** The metric over everything since `reset` (over every rank after `sync`). */
  async compute(): Promise<V> {
    await this.flush(null);
    return this.computeValue();
  }

  /** Clears the state, the pending updates and any synced state. */
  reset(): void {
    this.pending = [];
    this.seen = 0;
    this.local = null;
    this.state.reset();
  }

  /**
   * Merges every rank's state into this rank's (all ranks must call it, in the same order):
   * sums add, lists concatenate in rank order. With `datasetSize`, the samples a
   * `DistributedSampler` repeated to pad the ranks to equal length are dropped first, so the
   * value equals one device's over the dataset. `unsync` restores this rank's own state.
   */
  async sync(group: MetricGroup, opts: SyncOptions = {}): Promise<void> {
    if (this.local) throw new MetricError(`${this.constructor.name}.sync: already synced; call unsync() first`);
    const { datasetSize } = opts;
    if (datasetSize !== undefined && (!Number.isInteger(datasetSize) || datasetSize < 0)) {
      throw new MetricError(`${this.constructor.name}.sync: datasetSize must be a non-negative integer, got ${datasetSize}`);
    }
    await this.flush(datasetSize === undefined ? null : { rank: group.rank, worldSize: group.worldSize, datasetSize });
    const local = this.state.toDict();
    const merged: Record<string, number[]> = {};
    for (const [k, v] of this.state.sums) merged[k] = Array.from(await allReduceSum(group, v));
    for (const [k, v] of this.state.cats) merged[k] = await allGatherConcat(group, v);
    this.state.load(merged);
    this.local = local;
  }

  /** Goes back to this rank's own state after `sync`. */
  unsync(): void {
    if (!this.local) throw new MetricError(`${this.constructor.name}.unsync: not synced`);
    this.state.load(this.local);
    this.local = null;
  }

  /** Adds `other`'s state into this one (same class and options), e.g. metrics of two shards. */
  async merge(other: Metric<V>): Promise<void> {
    if (other.constructor !== this.constructor) throw new MetricError(`${this.constructor.name}.merge: cannot merge a ${other.constructor.name}`);
    await Promise.all([this.flush(null), other.flush(null)]);
    this.state.merge(other.state);
    this.seen += other.seen;
  }

  /** The state as JSON-safe arrays (pending updates folded first). */
  async stateDict(): Promise<Record<string, number[]>> {
    await this.flush(null);
    return this.state.toDict();
  }

  /** Replaces the state with one `stateDict` returned; pending updates are dropped. */
  loadStateDict(dict: Readonly<Record<string, readonly number[]>>): void {
    this.state.load(dict);
    this.pending = [];
    this.local = null;
  }

  private async flush(padding: { rank: number; worldSize: number; datasetSize: number } | null): Promise<void> {
    const queue = this.pending;
    this.pending = [];
    await Promise.all(queue.map((e) => e.ready));
    for (const e of queue) this.foldEntry(e, padding);
  }

  private foldEntry(e: PendingUpdate, padding: { rank: number; worldSize: number; datasetSize: number } | null): void {
    if (e.error !== undefined) throw e.error;
    if (!e.inputs) throw new MetricError(`${this.constructor.name}: an update was folded before its inputs were read`);
    let rows = e.rows;
    if (padding && rows !== null) {
      const { rank, worldSize, datasetSize } = padding;
      // Samples of this rank whose global position i * worldSize + rank lies past the dataset.
      const firstPadded = Math.max(0, Math.ceil((datasetSize - rank) / worldSize));
      rows = Math.max(0, Math.min(rows, firstPadded - e.start));
    }
    this.fold(e.inputs, rows);
  }
}
