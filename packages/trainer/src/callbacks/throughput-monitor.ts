import { Tensor } from '@flint/core';
import { Callback } from './callback.js';
import type { AnyLightningModule } from './callback.js';
import type { TrainerView } from './trainer-view.js';

/** Options of `ThroughputMonitor`. */
export interface ThroughputMonitorOptions {
  /** Samples in a batch (default: dim 0 of the first tensor found in it). */
  readonly batchSizeFn?: (batch: unknown) => number;
  /** Items (tokens) in a batch, for `train/items_per_sec` (default: not logged). */
  readonly lengthFn?: (batch: unknown) => number;
  /** Floating-point operations of one training batch, for `train/flops_per_sec` (default: not logged). */
  readonly flopsPerBatch?: number;
  /** Batches the rates are averaged over (default 100, as Lightning). */
  readonly windowSize?: number;
}

/** Dim 0 of the first tensor in a batch (a tensor, or arrays/objects of them). */
export function firstTensorRows(batch: unknown): number {
  if (batch instanceof Tensor) return batch.shape[0] ?? 1;
  const parts = Array.isArray(batch) ? batch : typeof batch === 'object' && batch !== null ? Object.values(batch) : [];
  for (const p of parts) {
    const n = firstTensorRows(p);
    if (n > 0) return n;
  }
  return 0;
}

interface Mark {
  readonly time: number;
  readonly batches: number;
  readonly samples: number;
  readonly items: number;
}

/**
 * Lightning's `ThroughputMonitor`: after every training batch (once two are in the window)
 * logs this rank's `train/batches_per_sec`, `train/samples_per_sec`, and, where known,
 * `train/items_per_sec` and `train/flops_per_sec`, averaged over the last `windowSize`
 * batches of wall-clock time (data loading included).
 */
export class ThroughputMonitor extends Callback {
  private readonly opts: ThroughputMonitorOptions;
  private readonly window: Mark[] = [];
  private total: Mark = { time: 0, batches: 0, samples: 0, items: 0 };

  constructor(opts: ThroughputMonitorOptions = {}) {
    super();
    const w = opts.windowSize ?? 100;
    if (!Number.isInteger(w) || w < 2) throw new RangeError(`ThroughputMonitor: windowSize must be an integer >= 2, got ${w}`);
    if (opts.flopsPerBatch !== undefined && !(opts.flopsPerBatch > 0)) throw new RangeError(`ThroughputMonitor: flopsPerBatch must be > 0, got ${opts.flopsPerBatch}`);
    this.opts = { ...opts, windowSize: w };
  }

  override onTrainStart(): void {
    this.window.length = 0;
    this.total = { time: performance.now(), batches: 0, samples: 0, items: 0 };
    this.window.push(this.total);
  }

  override onTrainBatchEnd(view: TrainerView, _m: AnyLightningModule, _o: unknown, batch: unknown): void {
    const samples = (this.opts.batchSizeFn ?? firstTensorRows)(batch);
    const items = this.opts.lengthFn ? this.opts.lengthFn(batch) : 0;
    const t = this.total;
    this.total = { time: performance.now(), batches: t.batches + 1, samples: t.samples + samples, items: t.items + items };
    this.window.push(this.total);
    if (this.window.length > (this.opts.windowSize ?? 100) + 1) this.window.shift();
    const first = this.window[0];
    const dt = (this.total.time - first.time) / 1000;
    if (dt <= 0) return;
    const batches = this.total.batches - first.batches;
    const metrics: Record<string, number> = {
      'train/batches_per_sec': batches / dt,
      'train/samples_per_sec': (this.total.samples - first.samples) / dt,
    };
    if (this.opts.lengthFn) metrics['train/items_per_sec'] = (this.total.items - first.items) / dt;
    if (this.opts.flopsPerBatch) metrics['train/flops_per_sec'] = (batches * this.opts.flopsPerBatch) / dt;
    view.events.emit({ type: 'metrics', step: view.globalStep, epoch: view.currentEpoch, metrics });
  }
}
