import { isFloat } from '../tensor/dtype.js';
import { DTypeError, ShapeError, fmtShape } from '../tensor/errors.js';
import { broadcastShapes, isContiguous, sizeOf } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { runKernel, sameDevice } from './dispatch.js';
import { record, wants } from './record.js';
import { add } from './binary.js';
import { sum } from './reduce.js';
import { contiguous } from './unary.js';
import { expand, reshape, squeeze, transpose } from './view.js';

function checkDTypes(op: string, a: Tensor, b: Tensor): void {
  sameDevice(op, [a, b]);
  if (a.dtype !== b.dtype || !isFloat(a.dtype)) {
    throw new DTypeError(`${op}: expected both operands to have the same floating point dtype, got ${a.dtype} and ${b.dtype}`);
  }
}

/**
 * The batched product in the kernel's layout, recorded for autograd: op(a) @ op(b) where op
 * transposes when its flag is set. Gradients use the transpose flags, never a copy; a batch
 * of 1 that broadcast is summed back.
 */
function bmmCore(a: Tensor, b: Tensor, transposeA: boolean, transposeB: boolean): Tensor {
  const out = runKernel('BatchMatMul', { a: contiguous(a), b: contiguous(b) }, { transposeA, transposeB });
  const [wa, wb] = [wants(a), wants(b)];
  const batch = out.shape[0];
  return record('matmul', [a, b], out, [a, b], ([g], [sa, sb]) => {
    let da: Tensor | null = null;
    let db: Tensor | null = null;
    if (wa) da = transposeA ? bmmCore(sb, g, transposeB, true) : bmmCore(g, sb, false, !transposeB);
    if (wb) db = transposeB ? bmmCore(g, sa, true, transposeA) : bmmCore(sa, g, !transposeA, false);
    if (da && a.shape[0] === 1 && batch > 1) da = sum(da, 0, true);
    if (db && b.shape[0] === 1 && batch > 1) db = sum(db, 0, true);
    return [da, db];
  });
}

/** True when `t` is the transpose of its last two dimensions of a dense tensor. */
function isDenseTranspose(t: Tensor): boolean {
  if (t.offset !== 0 || t.ndim < 2) return false;
  const swap = <T>(xs: readonly T[]): T[] => [...xs.slice(0, -2), xs[xs.length - 1], xs[xs.length - 2]];
  return isContiguous(swap(t.shape), swap(t.strides));
}

/**
 * `t` ([...own batch, r, c]) as a kernel operand of batch 1 or `nb`: dense [B, r, c], or the
 * dense [B, c, r] it is a transposed view of with the flag set (so `x @ w.T` copies nothing).
 * A batch that must broadcast to more than one copy is expanded and materialised.
 */
function kernelOperand(t: Tensor, batch: readonly number[], nb: number): [Tensor, boolean] {
  const [r, c] = t.shape.slice(-2);
  const own = sizeOf(t.shape.slice(0, -2));
  if (own !== 1 && own !== nb) return [reshape(expand(t, [...batch, r, c]), [nb, r, c]), false];
  if (!t.isContiguous() && isDenseTranspose(t)) return [reshape(transpose(t, -1, -2), [own, c, r]), true];
  return [reshape(t, [own, r, c]), false];
}

function batchShape(a: Tensor, b: Tensor, ba: readonly number[], bb: readonly number[]): number[] {
  try {
    return broadcastShapes('matmul', ba, bb);
  } catch {
    throw new ShapeError(`matmul: ${fmtShape(a.shape)} x ${fmtShape(b.shape)}: batch dimensions ${fmtShape(ba)} and ${fmtShape(bb)} cannot be broadcast`);
  }
}

/**
 * Matrix product with `torch.matmul`'s rules: 1-D·1-D is a dot product; a 1-D operand is
 * promoted to a matrix and the added dimension removed; higher ranks are batches of
 * matrices whose batch dimensions broadcast.
 */
export function matmul(a: Tensor, b: Tensor): Tensor {
  checkDTypes('matmul', a, b);
  if (a.ndim === 0 || b.ndim === 0) {
    throw new ShapeError(`matmul: ${fmtShape(a.shape)} x ${fmtShape(b.shape)}: both arguments to matmul need to be at least 1D`);
  }
  const a2 = a.ndim === 1 ? reshape(a, [1, a.shape[0]]) : a;
  const b2 = b.ndim === 1 ? reshape(b, [b.shape[0], 1]) : b;
  const [m, k] = a2.shape.slice(-2);
  const [k2, n] = b2.shape.slice(-2);
  if (k !== k2) {
    throw new ShapeError(`matmul: ${fmtShape(a.shape)} x ${fmtShape(b.shape)}: inner dimensions ${k} and ${k2} differ`);
  }
  let out: Tensor;
  if (b2.ndim === 2) {
    // x @ W: fold every batch dimension of a into its rows, one GEMM, no copy of W.
    const lead = a2.shape.slice(0, -1);
    const [ak, ta] = a2.ndim === 2 ? kernelOperand(a2, [], 1) : [reshape(a2, [1, sizeOf(lead), k]), false];
    const [bk, tb] = kernelOperand(b2, [], 1);
    out = reshape(bmmCore(ak, bk, ta, tb), [...lead, n]);
  } else {
    const batch = batchShape(a, b, a2.shape.slice(0, -2), b2.shape.slice(0, -2));
    const nb = sizeOf(batch);
    const [ak, ta] = kernelOperand(a2, batch, nb);
    const [bk, tb] = kernelOperand(b2, batch, nb);
    out = reshape(bmmCore(ak, bk, ta, tb), [...batch, m, n]);
  }
  if (a.ndim === 1) out = squeeze(out, -2);
  if (b.ndim === 1) out = squeeze(out, -1);
  return out;
}

/** Batched product of two 3-D tensors with equal batch sizes (`torch.bmm`). */
export function bmm(a: Tensor, b: Tensor): Tensor {
  checkDTypes('bmm', a, b);
  if (a.ndim !== 3 || b.ndim !== 3) {
    throw new ShapeError(`bmm: ${fmtShape(a.shape)} x ${fmtShape(b.shape)}: expected 3-D tensors`);
  }
  if (a.shape[0] !== b.shape[0]) {
    throw new ShapeError(`bmm: ${fmtShape(a.shape)} x ${fmtShape(b.shape)}: batch sizes ${a.shape[0]} and ${b.shape[0]} differ`);
  }
  if (a.shape[2] !== b.shape[1]) {
    throw new ShapeError(`bmm: ${fmtShape(a.shape)} x ${fmtShape(b.shape)}: inner dimensions ${a.shape[2]} and ${b.shape[1]} differ`);
  }
  const [ak, ta] = kernelOperand(a, [a.shape[0]], a.shape[0]);
  const [bk, tb] = kernelOperand(b, [b.shape[0]], b.shape[0]);
  return bmmCore(ak, bk, ta, tb);
}

/** `x @ weight^T + bias` over the last dimension (`F.linear`), without materialising weight^T. */
export function linear(x: Tensor, weight: Tensor, bias?: Tensor | null): Tensor {
  checkDTypes('linear', x, weight);
  if (weight.ndim !== 2 || x.ndim === 0) {
    throw new ShapeError(`linear: input ${fmtShape(x.shape)}, weight ${fmtShape(weight.shape)}: expected a 2-D weight [out, in] and an input of rank >= 1`);
  }
  const [outF, inF] = weight.shape;
  if (x.shape[x.ndim - 1] !== inF) {
    throw new ShapeError(`linear: ${fmtShape(x.shape)} x ${fmtShape(weight.shape)}^T: inner dimensions ${x.shape[x.ndim - 1]} and ${inF} differ`);
  }
  if (bias && (bias.ndim !== 1 || bias.shape[0] !== outF)) {
    throw new ShapeError(`linear: bias ${fmtShape(bias.shape)} does not match out_features ${outF}`);
  }
  const lead = x.shape.slice(0, -1);
  const [xk, tx] = x.ndim === 2 ? kernelOperand(x, [], 1) : [reshape(x, [1, sizeOf(lead), inF]), false];
  // weight [out, in] is W^T of the product: pass it with the flag flipped, never transposed.
  const [wk, tw] = kernelOperand(weight, [], 1);
  const y = reshape(bmmCore(xk, wk, tx, !tw), [...lead, outF]);
  return bias ? add(y, bias) : y;
}
