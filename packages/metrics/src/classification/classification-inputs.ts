import { isFloat, type Tensor } from '@flint/core';
import { MetricError } from '../metric-error.js';
import type { HostInput } from '../metric.js';
import type { ResolvedClassification } from './classification-task.js';

const fmt = (s: readonly number[]): string => `[${s.join(',')}]`;

/**
 * Checks `preds` and `target` shapes for the task (synchronously, at `update`) and returns the
 * sample count. binary: preds and target of one shape [N, ...]; multiclass: scores [N, C] or
 * labels [N], target [N]; multilabel: [N, L] both.
 */
export function checkClassificationShapes(metric: string, c: ResolvedClassification, preds: Tensor, target: Tensor): number {
  const p = preds.shape;
  const t = target.shape;
  const bad = (want: string): never => {
    throw new MetricError(`${metric}.update: task '${c.task}' takes ${want}, got preds ${fmt(p)} and target ${fmt(t)}`);
  };
  if (isFloat(target.dtype) && c.task !== 'multilabel' && c.task !== 'binary') bad('an integer target');
  if (c.task === 'binary') {
    if (p.length === 0 || fmt(p) !== fmt(t)) bad('preds and target of the same shape [N, ...]');
    return p[0];
  }
  if (c.task === 'multiclass') {
    if (t.length !== 1) bad('target [N]');
    if (p.length === 2 ? p[0] !== t[0] || p[1] !== c.classes : p.length !== 1 || p[0] !== t[0]) bad(`preds [N, ${c.classes}] (scores) or [N] (labels) and target [N]`);
    if (c.topK > 1 && p.length !== 2) bad(`scores [N, ${c.classes}] for topK ${c.topK}`);
    return t[0];
  }
  if (p.length !== 2 || p[1] !== c.classes || fmt(p) !== fmt(t)) bad(`preds and target [N, ${c.classes}]`);
  return p[0];
}

/** 0/1 target values, with an error naming the first bad value. */
export function checkBinaryTarget(metric: string, t: HostInput, n: number): void {
  for (let i = 0; i < n; i++) {
    const v = t.values[i];
    if (v !== 0 && v !== 1) throw new MetricError(`${metric}.update: target must hold 0 or 1, got ${v} at flat index ${i}`);
  }
}

/** Class indices in [0, classes) in `arg` ('target', or 'preds' given as labels). */
export function checkClassTarget(metric: string, t: HostInput, n: number, classes: number, arg = 'target'): void {
  for (let i = 0; i < n; i++) {
    const v = t.values[i];
    if (!Number.isInteger(v) || v < 0 || v >= classes) throw new MetricError(`${metric}.update: ${arg} must hold class indices in [0, ${classes}), got ${v} at index ${i}`);
  }
}

/**
 * Probabilities of a binary/multilabel prediction: float inputs outside [0, 1] are logits
 * and go through a sigmoid (torchmetrics' rule, decided per update).
 */
export function binaryProbabilities(p: HostInput, n: number): ArrayLike<number> {
  if (!isFloat(p.dtype)) return p.values;
  let logits = false;
  for (let i = 0; i < n && !logits; i++) logits = p.values[i] < 0 || p.values[i] > 1;
  if (!logits) return p.values;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = 1 / (1 + Math.exp(-p.values[i]));
  return out;
}

/** Row-wise softmax of [n, c] scores unless every value already lies in [0, 1] (probabilities). */
export function classProbabilities(p: HostInput, n: number, c: number): ArrayLike<number> {
  const v = p.values;
  let logits = false;
  for (let i = 0; i < n * c && !logits; i++) logits = v[i] < 0 || v[i] > 1;
  if (!logits) return v;
  const out = new Float64Array(n * c);
  for (let r = 0; r < n; r++) {
    let max = -Infinity;
    for (let k = 0; k < c; k++) max = Math.max(max, v[r * c + k]);
    let z = 0;
    for (let k = 0; k < c; k++) z += out[r * c + k] = Math.exp(v[r * c + k] - max);
    for (let k = 0; k < c; k++) out[r * c + k] /= z;
  }
  return out;
}

/**
 * Indices of the k highest scores of row `r` of [*, c] scores, written into `out` (ties go to
 * the lower index, as `torch.topk` on CPU and `argmax` do).
 */
export function topKOfRow(v: ArrayLike<number>, r: number, c: number, k: number, out: Int32Array): void {
  for (let j = 0; j < k; j++) {
    let best = -1;
    for (let i = 0; i < c; i++) {
      let taken = false;
      for (let q = 0; q < j; q++) taken ||= out[q] === i;
      if (!taken && (best < 0 || v[r * c + i] > v[r * c + best])) best = i;
    }
    out[j] = best;
  }
}
