import { isGradEnabled } from '../autograd/grad-mode.js';
import { AutogradError, ShapeError, fmtShape } from '../tensor/errors.js';
import { broadcastShapes, shapesEqual } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { runKernelInPlace, sameDevice } from './dispatch.js';
import { castTo, toTensor, type Operand } from './operands.js';

/**
 * Writes `src` into the elements `dst` views, in place (PyTorch's `dst.copy_(src)`); `src`
 * broadcasts to `dst`'s shape and is cast to its dtype. Not recorded by autograd.
 */
export function copyInto(dst: Tensor, src: Operand): void {
  if (isGradEnabled() && dst.requiresGrad && dst.isLeaf) {
    throw new AutogradError('copy_: a leaf tensor that requires grad is being used in an in-place operation; wrap it in noGrad()');
  }
  const s = castTo(toTensor(src, dst), dst.dtype);
  sameDevice('copy_', [dst, s]);
  const shape = broadcastShapes('copy_', dst.shape, s.shape);
  if (!shapesEqual(shape, dst.shape)) {
    throw new ShapeError(`copy_: source ${fmtShape(s.shape)} cannot be broadcast to destination ${fmtShape(dst.shape)}`);
  }
  runKernelInPlace('CopyInto', { src: s, dst }, {});
  if (s !== src) s.dispose();
}
