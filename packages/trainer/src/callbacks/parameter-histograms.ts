import type { TensorBoardLogger } from '../loggers/tensorboard-logger.js';
import type { AnyLightningModule } from './callback.js';
import { Callback } from './callback.js';
import type { TrainerView } from './trainer-view.js';

/** Options of `ParameterHistograms`. */
export interface ParameterHistogramsOptions {
  /** Log after every n-th optimizer step (default 50). */
  readonly everyNSteps?: number;
  /** Also log each gradient as `<name>.grad` (default true). */
  readonly gradients?: boolean;
}

/**
 * Histograms of every parameter (and its gradient) to a `TensorBoardLogger` every n steps,
 * what Lightning users write by hand with `logger.experiment.add_histogram`. Runs on rank 0
 * (where loggers write), after the batch, while the step's gradients are still there.
 */
export class ParameterHistograms extends Callback {
  private readonly every: number;
  private readonly gradients: boolean;

  constructor(
    private readonly logger: TensorBoardLogger,
    opts: ParameterHistogramsOptions = {},
  ) {
    super();
    this.every = opts.everyNSteps ?? 50;
    if (!Number.isInteger(this.every) || this.every < 1) throw new RangeError(`ParameterHistograms: everyNSteps must be a positive integer, got ${this.every}`);
    this.gradients = opts.gradients ?? true;
  }

  override async onTrainBatchEnd(view: TrainerView, module: AnyLightningModule): Promise<void> {
    if (!view.isGlobalZero || view.globalStep % this.every !== 0) return;
    for (const [name, p] of module.namedParameters()) {
      this.logger.logHistogram(name, await p.data(), view.globalStep);
      if (this.gradients && p.grad) this.logger.logHistogram(`${name}.grad`, await p.grad.data(), view.globalStep);
    }
  }
}
