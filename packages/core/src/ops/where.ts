import { DTypeError } from '../tensor/errors.js';
import { broadcastShapes, shapesEqual, type Shape } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { runKernel, sameDevice } from './dispatch.js';
import { operands, type Operand } from './operands.js';
import { record, wants } from './record.js';
import { reduceSumTo } from './reduce-to.js';
import { full } from './creation.js';

/** `cond ? a : b` elementwise, broadcasting all three. The gradient goes to the chosen side. */
export function where(cond: Tensor, a: Operand, b: Operand): Tensor {
  if (cond.dtype !== 'bool') throw new DTypeError(`where: condition must be a bool tensor, got ${cond.dtype}`);
  const a0 = a instanceof Tensor || b instanceof Tensor ? a : full([], a, { device: cond.device });
  const [ta, tb] = operands('where', a0, b);
  sameDevice('where', [cond, ta, tb]);
  const outShape = broadcastShapes('where', cond.shape, ta.shape, tb.shape);
  const out = runKernel('Where', { cond, a: ta, b: tb }, { outShape });
  const [wa, wb] = [wants(ta), wants(tb)];
  return record('where', [null, ta, tb], out, [cond], ([g], [c]) => {
    const zero = full([], 0, { dtype: g.dtype, device: g.device });
    return [
      null,
      wa ? to(runKernel('Where', { cond: c, a: g, b: zero }, { outShape: g.shape }), ta.shape) : null,
      wb ? to(runKernel('Where', { cond: c, a: zero, b: g }, { outShape: g.shape }), tb.shape) : null,
    ];
  });
}

const to = (g: Tensor, shape: Shape): Tensor => (shapesEqual(g.shape, shape) ? g : reduceSumTo(g, shape));
