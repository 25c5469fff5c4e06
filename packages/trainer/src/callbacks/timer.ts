import { Callback } from './callback.js';
import type { TrainerView } from './trainer-view.js';

/** Stops fit once `maxTimeMs` of training have passed (checked after every batch). */
export class Timer extends Callback {
  private started = 0;
  elapsedMs = 0;

  constructor(private readonly maxTimeMs: number) {
    super();
    if (!(maxTimeMs > 0)) throw new RangeError(`Timer: maxTimeMs must be > 0, got ${maxTimeMs}`);
  }

  override onTrainStart(): void {
    this.started = performance.now() - this.elapsedMs;
  }

  override onTrainBatchEnd(view: TrainerView): void {
    this.elapsedMs = performance.now() - this.started;
    if (this.elapsedMs >= this.maxTimeMs) view.requestStop(`Time limit reached: ${(this.elapsedMs / 1000).toFixed(1)} s of ${(this.maxTimeMs / 1000).toFixed(1)} s`);
  }

  override stateDict(): Record<string, unknown> {
    return { elapsedMs: this.elapsedMs };
  }

  override loadStateDict(state: Readonly<Record<string, unknown>>): void {
    this.elapsedMs = Number(state.elapsedMs ?? 0);
  }
}
