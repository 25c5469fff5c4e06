import { keep, Tensor } from '@flint/core';
import type { StepOutput } from '../module/lightning-module.js';

/** Where a training step leaves the extras of its output for `onTrainBatchEnd`. */
export interface ExtrasSink {
  extras: Record<string, unknown>;
}

/**
 * The entries of a `{ loss, ...extras }` step output other than `loss`, made to outlive the
 * step's `tidy`: tensors are detached and kept (the loop frees them after `onTrainBatchEnd`,
 * as Lightning drops the step's outputs), other values pass as they are. Called inside the tidy.
 */
export function captureExtras(out: StepOutput, sink: ExtrasSink | undefined): void {
  if (!sink || out === undefined || out === null || out instanceof Tensor) return;
  const extras: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(out)) if (k !== 'loss') extras[k] = v instanceof Tensor ? keep(v.detach()) : v;
  sink.extras = extras;
}
