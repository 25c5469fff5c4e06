import type { Shape } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { reshape } from './view.js';
import { sum } from './reduce.js';

/** Sums a broadcast gradient back to the shape its operand had (the adjoint of `expand`). */
export function reduceSumTo(g: Tensor, shape: Shape): Tensor {
  const lead = g.ndim - shape.length;
  const axes: number[] = [];
  for (let i = 0; i < g.ndim; i++) {
    if (i < lead || (shape[i - lead] === 1 && g.shape[i] !== 1)) axes.push(i);
  }
  if (axes.length === 0) return reshape(g, shape);
  return reshape(sum(g, axes, false), shape);
}
