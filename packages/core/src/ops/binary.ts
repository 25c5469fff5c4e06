import type { BinaryKernelName } from '../backend/kernel-names.js';
import { DTypeError } from '../tensor/errors.js';
import { broadcastShapes, shapesEqual, type Shape } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { runKernel } from './dispatch.js';
import { operands, type Operand } from './operands.js';
import { record, wants } from './record.js';
import { reduceSumTo } from './reduce-to.js';
import { log, neg } from './unary.js';

function binary(op: string, kernel: BinaryKernelName, a: Operand, b: Operand): [Tensor, Tensor, Tensor] {
  const [ta, tb] = operands(op, a, b);
  const outShape = broadcastShapes(op, ta.shape, tb.shape);
  return [ta, tb, runKernel(kernel, { a: ta, b: tb }, { outShape })];
}

const gradTo = (g: Tensor, shape: Shape): Tensor => (shapesEqual(g.shape, shape) ? g : reduceSumTo(g, shape));

/** Elementwise `a + b` with broadcasting. */
export function add(a: Operand, b: Operand): Tensor {
  const [ta, tb, out] = binary('add', 'Add', a, b);
  return record('add', [ta, tb], out, [], ([g]) => [gradTo(g, ta.shape), gradTo(g, tb.shape)]);
}

/** Elementwise `a - b` with broadcasting. */
export function sub(a: Operand, b: Operand): Tensor {
  const [ta, tb, out] = binary('sub', 'Sub', a, b);
  return record('sub', [ta, tb], out, [], ([g]) => [gradTo(g, ta.shape), gradTo(neg(g), tb.shape)]);
}

/** Elementwise `a * b` with broadcasting. */
export function mul(a: Operand, b: Operand): Tensor {
  const [ta, tb, out] = binary('mul', 'Mul', a, b);
  const [wa, wb] = [wants(ta), wants(tb)];
  return record('mul', [ta, tb], out, [ta, tb], ([g], [sa, sb]) => [
    wa ? gradTo(mul(g, sb), ta.shape) : null,
    wb ? gradTo(mul(g, sa), tb.shape) : null,
  ]);
}

/** Elementwise `a / b` (true division) with broadcasting. */
export function div(a: Operand, b: Operand): Tensor {
  const [ta0, tb0] = operands('div', a, b);
  // True division: integer operands give a float result, as in PyTorch.
  const isInt = ta0.dtype === 'int32' || ta0.dtype === 'bool';
  const [ta, tb, out] = isInt ? binary('div', 'Div', ta0.cast('float32'), tb0.cast('float32')) : binary('div', 'Div', ta0, tb0);
  const wb = wants(tb);
  return record('div', [ta, tb], out, [ta, tb], ([g], [sa, sb]) => [
    gradTo(div(g, sb), ta.shape),
    wb ? gradTo(neg(div(mul(g, sa), mul(sb, sb))), tb.shape) : null,
  ]);
}

/** Elementwise maximum; where both are equal the gradient is split evenly, as in PyTorch. */
export function maximum(a: Operand, b: Operand): Tensor {
  const [ta, tb, out] = binary('maximum', 'Maximum', a, b);
  return record('maximum', [ta, tb], out, [ta, tb], ([g], [sa, sb]) => splitByMask(g, sa, sb, ta.shape, tb.shape));
}

/** Elementwise minimum; ties split the gradient evenly. */
export function minimum(a: Operand, b: Operand): Tensor {
  const [ta, tb, out] = binary('minimum', 'Minimum', a, b);
  return record('minimum', [ta, tb], out, [ta, tb], ([g], [sa, sb]) => splitByMask(g, sb, sa, ta.shape, tb.shape));
}

/** Gradient of max(a, b): full to the larger, half each on ties. */
function splitByMask(g: Tensor, hi: Tensor, lo: Tensor, aShape: Shape, bShape: Shape): [Tensor, Tensor] {
  const wa = add(gt(hi, lo).cast(g.dtype), mul(eq(hi, lo).cast(g.dtype), 0.5));
  const ga = mul(g, wa);
  return [gradTo(ga, aShape), gradTo(sub(g, ga), bShape)];
}

/** Elementwise power. With a number exponent, `d/da = e * a^(e-1)`. */
export function pow(a: Operand, exponent: Operand): Tensor {
  const [ta, tb, out] = binary('pow', 'Pow', a, exponent);
  const [wa, wb] = [wants(ta), wants(tb)];
  return record('pow', [ta, tb], out, [ta, tb, out], ([g], [sa, sb, so]) => [
    wa ? gradTo(mul(g, mul(sb, pow(sa, sub(sb, 1)))), ta.shape) : null,
    wb ? gradTo(mul(g, mul(so, log(sa))), tb.shape) : null,
  ]);
}

function compare(op: string, kernel: BinaryKernelName, a: Operand, b: Operand): Tensor {
  return binary(op, kernel, a, b)[2];
}

/** Elementwise `a == b` as bool. */
export const eq = (a: Operand, b: Operand): Tensor => compare('eq', 'Equal', a, b);
export const ne = (a: Operand, b: Operand): Tensor => compare('ne', 'NotEqual', a, b);
export const gt = (a: Operand, b: Operand): Tensor => compare('gt', 'Greater', a, b);
export const ge = (a: Operand, b: Operand): Tensor => compare('ge', 'GreaterEqual', a, b);
export const lt = (a: Operand, b: Operand): Tensor => compare('lt', 'Less', a, b);
export const le = (a: Operand, b: Operand): Tensor => compare('le', 'LessEqual', a, b);

function logical(op: string, kernel: BinaryKernelName, a: Tensor, b: Tensor): Tensor {
  if (a.dtype !== 'bool' || b.dtype !== 'bool') throw new DTypeError(`${op}: expected bool tensors, got ${a.dtype} and ${b.dtype}`);
  return compare(op, kernel, a, b);
}
export const logicalAnd = (a: Tensor, b: Tensor): Tensor => logical('logicalAnd', 'LogicalAnd', a, b);
export const logicalOr = (a: Tensor, b: Tensor): Tensor => logical('logicalOr', 'LogicalOr', a, b);
