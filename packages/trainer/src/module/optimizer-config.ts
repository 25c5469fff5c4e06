import { ReduceLROnPlateau, type LRScheduler, type Optimizer } from '@flint/core';

/** A scheduler with when it steps, as Lightning's `lr_scheduler` dict. */
export interface SchedulerConfig {
  readonly scheduler: LRScheduler;
  /** Step after every epoch (default) or every optimizer step. */
  readonly interval?: 'epoch' | 'step';
  /** Step every `frequency` intervals (default 1). */
  readonly frequency?: number;
  /** Metric passed to `scheduler.step(value)` (ReduceLROnPlateau-style schedulers). */
  readonly monitor?: string;
}

/** What `configureOptimizers` may return (Lightning's accepted forms). */
export type OptimizerConfig =
  | Optimizer
  | readonly Optimizer[]
  | { readonly optimizer: Optimizer; readonly lrScheduler?: LRScheduler | SchedulerConfig }
  | readonly { readonly optimizer: Optimizer; readonly lrScheduler?: LRScheduler | SchedulerConfig }[];

/** A scheduler config with defaults filled in. */
export interface ResolvedScheduler {
  readonly scheduler: LRScheduler;
  readonly interval: 'epoch' | 'step';
  readonly frequency: number;
  readonly monitor: string | undefined;
  /** Index of the optimizer it drives. */
  readonly optimizerIdx: number;
}

export interface ResolvedOptimizers {
  readonly optimizers: Optimizer[];
  readonly schedulers: ResolvedScheduler[];
}

const isOptimizerLike = (x: unknown): x is Optimizer =>
  typeof x === 'object' && x !== null && 'paramGroups' in x && typeof (x as { step?: unknown }).step === 'function';

/** Normalizes the forms `configureOptimizers` may return; throws on anything else. */
export function resolveOptimizers(config: OptimizerConfig | undefined): ResolvedOptimizers {
  if (config === undefined) throw new TypeError('configureOptimizers() returned nothing; return an optimizer or { optimizer, lrScheduler }');
  const items = Array.isArray(config) ? (config as unknown[]) : [config];
  const optimizers: Optimizer[] = [];
  const schedulers: ResolvedScheduler[] = [];
  items.forEach((item, i) => {
    if (isOptimizerLike(item)) {
      optimizers.push(item);
      return;
    }
    const entry = item as { optimizer?: unknown; lrScheduler?: LRScheduler | SchedulerConfig };
    if (!isOptimizerLike(entry.optimizer)) throw new TypeError(`configureOptimizers(): item ${i} is neither an optimizer nor { optimizer, lrScheduler }`);
    optimizers.push(entry.optimizer);
    if (entry.lrScheduler === undefined) return;
    const sc: SchedulerConfig = 'scheduler' in entry.lrScheduler ? entry.lrScheduler : { scheduler: entry.lrScheduler };
    const frequency = sc.frequency ?? 1;
    if (!Number.isInteger(frequency) || frequency < 1) throw new RangeError(`configureOptimizers(): lrScheduler.frequency must be a positive integer, got ${frequency}`);
    const interval = sc.interval ?? 'epoch';
    if (interval !== 'epoch' && interval !== 'step') throw new RangeError(`configureOptimizers(): lrScheduler.interval must be 'epoch' or 'step', got '${String(interval)}'`);
    if (sc.scheduler instanceof ReduceLROnPlateau && sc.monitor === undefined) {
      throw new TypeError("configureOptimizers(): ReduceLROnPlateau needs the metric to watch: { scheduler, monitor: 'val_loss' }");
    }
    schedulers.push({ scheduler: sc.scheduler, interval, frequency, monitor: sc.monitor, optimizerIdx: optimizers.length - 1 });
  });
  return { optimizers, schedulers };
}
