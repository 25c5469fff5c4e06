import { ShapeError, fmtShape } from '../tensor/errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { fromValues } from './creation.js';
import { where } from './where.js';

/**
 * A bool [rows, cols] mask, true where `col - row >= diagonal` (`upper`) or `<= diagonal`
 * (lower), made on the host and uploaded to `device` (one upload, no readback).
 */
export function triangularMask(rows: number, cols: number, diagonal: number, upper: boolean, device?: string): Tensor {
  const m = new Uint8Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) m[i * cols + j] = (upper ? j - i >= diagonal : j - i <= diagonal) ? 1 : 0;
  }
  return fromValues(m, [rows, cols], { dtype: 'bool', device });
}

function triangle(op: string, x: Tensor, diagonal: number, upper: boolean): Tensor {
  if (x.ndim < 2) throw new ShapeError(`${op}: input must have at least 2 dimensions, got ${fmtShape(x.shape)}`);
  if (!Number.isInteger(diagonal)) throw new RangeError(`${op}: diagonal must be an integer, got ${diagonal}`);
  const mask = triangularMask(x.shape[x.ndim - 2], x.shape[x.ndim - 1], diagonal, upper, x.device);
  const out = where(mask, x, 0);
  mask.dispose();
  return out;
}

/** `torch.triu`: the elements on and above diagonal `diagonal` of the last two dimensions; zeros elsewhere. */
export const triu = (x: Tensor, diagonal = 0): Tensor => triangle('triu', x, diagonal, true);

/** `torch.tril`: the elements on and below diagonal `diagonal` of the last two dimensions; zeros elsewhere. */
export const tril = (x: Tensor, diagonal = 0): Tensor => triangle('tril', x, diagonal, false);
