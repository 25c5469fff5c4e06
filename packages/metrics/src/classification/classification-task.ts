import { MetricError } from '../metric-error.js';

/** torchmetrics' `task`: one 0/1 output, one of C classes, or L independent 0/1 labels. */
export type ClassificationTask = 'binary' | 'multiclass' | 'multilabel';

/** How per-class values become one number: counts summed first, an unweighted mean, or a mean weighted by support. */
export type ClassificationAverage = 'micro' | 'macro' | 'weighted';

/** Options shared by the classification metrics (torchmetrics' names). */
export interface ClassificationOptions {
  readonly task: ClassificationTask;
  /** Number of classes (multiclass). */
  readonly numClasses?: number;
  /** Number of labels (multilabel). */
  readonly numLabels?: number;
  /** Probability at or above which a binary/multilabel prediction is positive (default 0.5). */
  readonly threshold?: number;
  /** Multiclass: a sample counts as right when its target is among the k highest scores (default 1). */
  readonly topK?: number;
  /** Default 'macro' for multiclass and multilabel, as torchmetrics; binary ignores it. */
  readonly average?: ClassificationAverage;
}

/** The options after defaults and checks. */
export interface ResolvedClassification {
  readonly task: ClassificationTask;
  /** Classes (multiclass), labels (multilabel) or 1 (binary). */
  readonly classes: number;
  readonly threshold: number;
  readonly topK: number;
  readonly average: ClassificationAverage;
}

/** Checks and completes `opts`, naming `metric` in the error. */
export function resolveClassification(metric: string, opts: ClassificationOptions): ResolvedClassification {
  const { task } = opts;
  const positiveInt = (name: string, v: number | undefined): number => {
    if (v === undefined || !Number.isInteger(v) || v < 1) throw new MetricError(`${metric}: task '${task}' needs ${name}, a positive integer, got ${v}`);
    return v;
  };
  let classes: number;
  if (task === 'binary') classes = 1;
  else if (task === 'multiclass') classes = positiveInt('numClasses', opts.numClasses);
  else if (task === 'multilabel') classes = positiveInt('numLabels', opts.numLabels);
  else throw new MetricError(`${metric}: task must be 'binary', 'multiclass' or 'multilabel', got '${String(task)}'`);
  if (task === 'multiclass' && classes < 2) throw new MetricError(`${metric}: numClasses must be at least 2, got ${classes}`);
  const threshold = opts.threshold ?? 0.5;
  if (!(threshold >= 0 && threshold <= 1)) throw new MetricError(`${metric}: threshold must lie in [0, 1], got ${threshold}`);
  const topK = opts.topK ?? 1;
  if (!Number.isInteger(topK) || topK < 1 || (task === 'multiclass' && topK > classes)) {
    throw new MetricError(`${metric}: topK must be an integer in [1, ${task === 'multiclass' ? classes : 1}], got ${topK}`);
  }
  if (topK > 1 && task !== 'multiclass') throw new MetricError(`${metric}: topK applies to task 'multiclass' only, got task '${task}'`);
  const average = opts.average ?? 'macro';
  if (!['micro', 'macro', 'weighted'].includes(average)) throw new MetricError(`${metric}: average must be 'micro', 'macro' or 'weighted', got '${String(average)}'`);
  return { task, classes, threshold, topK, average };
}
