import * as core from '../index.js';
import type { Tensor } from '../tensor/tensor.js';
import type { Shape } from '../tensor/shape.js';

type Pair = number | [number, number];
type Maybe = Tensor | null | undefined;
type Unary = (x: Tensor) => Tensor;
type Binary = (a: Tensor, b: Tensor) => Tensor;
type Dims = number | number[];

/**
 * The signatures the testing kit calls core's ops with. The ops are looked up by name on core's
 * public index at call time, so a tree where an op has not landed yet still builds and its
 * cases fail with "not exported" instead of breaking every other case.
 */
export interface CoreOps {
  add: Binary;
  sub: Binary;
  mul: Binary;
  div: Binary;
  maximum: Binary;
  minimum: Binary;
  pow: (a: Tensor, exponent: number | Tensor) => Tensor;
  neg: Unary;
  abs: Unary;
  exp: Unary;
  log: Unary;
  sqrt: Unary;
  tanh: Unary;
  sigmoid: Unary;
  relu: Unary;
  gelu: (x: Tensor, opts?: { approximate?: 'none' | 'tanh' }) => Tensor;
  clamp: (x: Tensor, min?: number, max?: number) => Tensor;
  where: (cond: Tensor, a: Tensor, b: Tensor) => Tensor;
  sum: (x: Tensor, dim?: Dims, keepDim?: boolean) => Tensor;
  mean: (x: Tensor, dim?: Dims, keepDim?: boolean) => Tensor;
  amax: (x: Tensor, dim?: Dims, keepDim?: boolean) => Tensor;
  argmax: (x: Tensor, dim?: number, keepDim?: boolean) => Tensor;
  logsumexp: (x: Tensor, dim: Dims, keepDim?: boolean) => Tensor;
  variance: (x: Tensor, dim?: Dims, keepDim?: boolean, correction?: number) => Tensor;
  softmax: (x: Tensor, dim: number) => Tensor;
  logSoftmax: (x: Tensor, dim: number) => Tensor;
  matmul: Binary;
  bmm: Binary;
  linear: (x: Tensor, w: Tensor, b?: Tensor) => Tensor;
  conv2d: (x: Tensor, w: Tensor, b?: Tensor, opts?: { stride?: Pair; padding?: Pair; dilation?: Pair; groups?: number }) => Tensor;
  maxPool2d: (x: Tensor, kernelSize: Pair, opts?: { stride?: Pair; padding?: Pair }) => Tensor;
  avgPool2d: (x: Tensor, kernelSize: Pair, opts?: { stride?: Pair; padding?: Pair; countIncludePad?: boolean }) => Tensor;
  adaptiveAvgPool2d: (x: Tensor, outputSize: Pair) => Tensor;
  channelShuffle: (x: Tensor, groups: number) => Tensor;
  batchNorm: (x: Tensor, runningMean: Maybe, runningVar: Maybe, weight?: Maybe, bias?: Maybe, opts?: { training?: boolean; momentum?: number; eps?: number }) => Tensor;
  layerNorm: (x: Tensor, normalizedShape: number | readonly number[], weight?: Tensor | null, bias?: Tensor | null, eps?: number) => Tensor;
  crossEntropy: (logits: Tensor, target: Tensor, opts?: { labelSmoothing?: number; ignoreIndex?: number; reduction?: 'mean' | 'sum' | 'none' }) => Tensor;
  nllLoss: (logp: Tensor, target: Tensor, opts?: { ignoreIndex?: number; reduction?: 'mean' | 'sum' | 'none' }) => Tensor;
  mseLoss: (input: Tensor, target: Tensor, opts?: { reduction?: 'mean' | 'sum' | 'none' }) => Tensor;
  bceWithLogits: (logits: Tensor, y: Tensor, opts?: { reduction?: 'mean' | 'sum' | 'none' }) => Tensor;
  gather: (x: Tensor, dim: number, index: Tensor) => Tensor;
  indexSelect: (x: Tensor, dim: number, index: Tensor) => Tensor;
  embedding: (indices: Tensor, weight: Tensor, opts?: { paddingIdx?: number | null }) => Tensor;
  maskedFill: (x: Tensor, mask: Tensor, value: number) => Tensor;
  triu: (x: Tensor, diagonal?: number) => Tensor;
  tril: (x: Tensor, diagonal?: number) => Tensor;
  cumsum: (x: Tensor, dim: number) => Tensor;
  pad: (x: Tensor, amounts: readonly number[], opts?: { mode?: 'constant' | 'reflect' | 'replicate' | 'circular'; value?: number }) => Tensor;
  conv1d: (x: Tensor, w: Tensor, b?: Tensor | null, opts?: { stride?: number; padding?: number; dilation?: number; groups?: number }) => Tensor;
  convTranspose2d: (x: Tensor, w: Tensor, b?: Tensor | null, opts?: { stride?: Pair; padding?: Pair; outputPadding?: Pair; dilation?: Pair; groups?: number }) => Tensor;
  groupNorm: (x: Tensor, numGroups: number, weight?: Tensor | null, bias?: Tensor | null, eps?: number) => Tensor;
  interpolate: (x: Tensor, opts: { size?: number | readonly number[]; scaleFactor?: number | readonly number[]; mode?: 'nearest' | 'bilinear'; alignCorners?: boolean }) => Tensor;
  scaledDotProductAttention: (q: Tensor, k: Tensor, v: Tensor, opts?: { attnMask?: Tensor | null; isCausal?: boolean; dropoutP?: number; scale?: number }) => Tensor;
  cat: (tensors: readonly Tensor[], dim?: number) => Tensor;
  stack: (tensors: readonly Tensor[], dim?: number) => Tensor;
  permute: (x: Tensor, dims: readonly number[]) => Tensor;
  transpose: (x: Tensor, dim0: number, dim1: number) => Tensor;
  reshape: (x: Tensor, shape: Shape) => Tensor;
  narrow: (x: Tensor, dim: number, start: number, length: number) => Tensor;
  slice: (x: Tensor, dim: number, start?: number, end?: number, step?: number) => Tensor;
  expand: (x: Tensor, shape: Shape) => Tensor;
  flatten: (x: Tensor, startDim?: number, endDim?: number) => Tensor;
}

export type CoreOpName = keyof CoreOps;

/** An op the testing kit needs that core's index does not export (yet). */
export class MissingOpError extends Error {
  constructor(readonly op: string) {
    super(`${op} is not exported by @flint/core (not implemented yet)`);
    this.name = 'MissingOpError';
  }
}

const exported = core as unknown as Readonly<Record<string, unknown>>;

/** True when core's index exports `name` as a function. */
export const hasCoreOp = (name: string): boolean => typeof exported[name] === 'function';

/** Core's op `name`, or a `MissingOpError` when the index does not export it. */
export function coreOp<K extends CoreOpName>(name: K): CoreOps[K] {
  const fn = exported[name];
  if (typeof fn !== 'function') throw new MissingOpError(name);
  return fn as CoreOps[K];
}
