import type { DType } from '../tensor/dtype.js';
import { isFloat, promoteTypes } from '../tensor/dtype.js';
import { Tensor } from '../tensor/tensor.js';
import { runKernel, sameDevice } from './dispatch.js';
import { record } from './record.js';

/** A tensor or a plain number where an op accepts either. */
export type Operand = Tensor | number;

/** The dtype a plain number takes next to a tensor, as PyTorch's scalar promotion does. */
function scalarDType(value: number, other: DType): DType {
  if (other === 'float32' || other === 'float64') return other;
  if (!Number.isInteger(value)) return 'float32';
  return other === 'bool' ? 'int32' : other;
}

export function toTensor(value: Operand, like: Tensor): Tensor {
  if (value instanceof Tensor) return value;
  return runKernel('Fill', {}, { shape: [], dtype: scalarDType(value, like.dtype), value }, like.device);
}

/**
 * Casts to `dtype` unless it already is. A float-to-float cast is recorded, so a gradient
 * reaches a parameter through implicit promotion (`add(float32Param, float64)`) in its own dtype.
 */
export function castTo(t: Tensor, dtype: DType): Tensor {
  if (t.dtype === dtype) return t;
  const out = runKernel('Cast', { x: t }, { dtype });
  const from = t.dtype;
  return isFloat(dtype) && isFloat(from) ? record('cast', [t], out, [], ([g]) => [castTo(g, from)]) : out;
}

/**
 * Turns the operands of an elementwise op into tensors on one device with one dtype
 * (PyTorch's type promotion). Throws a DeviceError naming `op` and both devices.
 */
export function operands(op: string, a: Operand, b: Operand): [Tensor, Tensor] {
  if (!(a instanceof Tensor) && !(b instanceof Tensor)) throw new TypeError(`${op}: at least one operand must be a tensor`);
  const ta = a instanceof Tensor ? a : toTensor(a, b as Tensor);
  const tb = b instanceof Tensor ? b : toTensor(b, ta);
  sameDevice(op, [ta, tb]);
  if (ta.dtype === tb.dtype) return [ta, tb];
  const dtype = promoteTypes(ta.dtype, tb.dtype);
  return [castTo(ta, dtype), castTo(tb, dtype)];
}
