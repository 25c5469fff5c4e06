import { Callback } from './callback.js';
import type { TrainerView } from './trainer-view.js';

/** Logs each optimizer's learning rates (`lr-SGD`, `lr-Adam/pg1`) every epoch or step. */
export class LearningRateMonitor extends Callback {
  constructor(private readonly loggingInterval: 'epoch' | 'step' = 'epoch') {
    super();
  }

  override onTrainEpochStart(view: TrainerView): void {
    if (this.loggingInterval === 'epoch') this.emit(view);
  }

  override onTrainBatchStart(view: TrainerView): void {
    if (this.loggingInterval === 'step') this.emit(view);
  }

  /** The learning rates by Lightning's key names. */
  static rates(view: Pick<TrainerView, 'optimizers'>): Record<string, number> {
    const out: Record<string, number> = {};
    const names = new Map<string, number>();
    for (const opt of view.optimizers) {
      const n = names.get(opt.name) ?? 0;
      names.set(opt.name, n + 1);
      const base = n === 0 ? `lr-${opt.name}` : `lr-${opt.name}-${n}`;
      opt.paramGroups.forEach((g, i) => (out[opt.paramGroups.length === 1 ? base : `${base}/pg${i + 1}`] = g.lr));
    }
    return out;
  }

  private emit(view: TrainerView): void {
    view.events.emit({ type: 'metrics', step: view.globalStep, epoch: view.currentEpoch, metrics: LearningRateMonitor.rates(view) });
  }
}
