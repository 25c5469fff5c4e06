import type { DType, TypedArray } from '../tensor/dtype.js';
import { isFloat } from '../tensor/dtype.js';
import { fmtShape } from '../tensor/errors.js';

/** Values on the host with their shape and dtype (a decoded fixture tensor, a read-back result). */
export interface HostTensor {
  readonly dtype: DType;
  readonly shape: readonly number[];
  readonly values: TypedArray;
}

/** The fixtures' error measure: `max|a-b| / max(1, max|b|)`; NaN anywhere it is not expected is Infinity. */
export function relError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  let diff = 0;
  let scale = 1;
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i];
    const b = expected[i];
    if (Number.isNaN(b) && Number.isNaN(a)) continue;
    const d = Math.abs(a - b);
    diff = Number.isNaN(d) ? Infinity : Math.max(diff, d);
    if (Number.isFinite(b)) scale = Math.max(scale, Math.abs(b));
  }
  return diff / scale;
}

/** The outcome of comparing one tensor: its error, and what is wrong when it is not a number. */
export interface Comparison {
  readonly error: number;
  /** Set when the tensors cannot be compared (shape, dtype) or integer values differ. */
  readonly problem?: string;
}

const sameShape = (a: readonly number[], b: readonly number[]): boolean => a.length === b.length && a.every((d, i) => d === b[i]);

/**
 * Compares `actual` with `expected`: shapes must be equal, float tensors are measured with
 * `relError`, integer and bool tensors must match exactly. `label` names the tensor (`out`, `grad.x`).
 */
export function compareHost(label: string, actual: HostTensor, expected: HostTensor): Comparison {
  if (!sameShape(actual.shape, expected.shape)) {
    return { error: Infinity, problem: `${label}: shape ${fmtShape(actual.shape)}, expected ${fmtShape(expected.shape)}` };
  }
  if (isFloat(expected.dtype) !== isFloat(actual.dtype) || (!isFloat(expected.dtype) && expected.dtype !== actual.dtype)) {
    return { error: Infinity, problem: `${label}: dtype ${actual.dtype}, expected ${expected.dtype}` };
  }
  const error = relError(actual.values, expected.values);
  if (!isFloat(expected.dtype) && error !== 0) {
    const i = expected.values.findIndex((v, k) => v !== actual.values[k]);
    return { error, problem: `${label}: element ${i} is ${actual.values[i]}, expected ${expected.values[i]}` };
  }
  return { error };
}

/**
 * Compares tensors against one tolerance and keeps the account: the worst relative error seen
 * and one message per tensor that cannot be compared or is out of tolerance.
 */
export class ToleranceCheck {
  readonly problems: string[] = [];
  maxError = 0;

  constructor(readonly tolerance: number) {}

  check(label: string, actual: HostTensor, expected: HostTensor): void {
    const c = compareHost(label, actual, expected);
    this.maxError = Math.max(this.maxError, c.error);
    if (c.problem) this.problems.push(c.problem);
    else if (c.error > this.tolerance) this.problems.push(`${label}: rel error ${c.error.toExponential(2)} > ${this.tolerance}`);
  }
}
