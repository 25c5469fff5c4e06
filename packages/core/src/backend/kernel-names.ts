import type { DType } from '../tensor/dtype.js';
import type { Shape } from '../tensor/shape.js';
import type { KernelOutput, TensorInfo } from './backend.js';

/*
 * The kernel table: every primitive a backend implements, with its inputs and attributes.
 * Everything else in Flint is a composite of these in `core/ops`.
 *
 * Conventions: `Strided` inputs may be any view (broadcast = stride 0); `Dense` inputs are
 * contiguous with offset 0 (the op layer guarantees it). Outputs are always dense.
 */
type Strided = TensorInfo;
type Dense = TensorInfo;
type None = Record<string, never>;

export type BinaryKernelName =
  | 'Add' | 'Sub' | 'Mul' | 'Div' | 'Maximum' | 'Minimum' | 'Pow'
  | 'Equal' | 'NotEqual' | 'Greater' | 'GreaterEqual' | 'Less' | 'LessEqual' | 'LogicalAnd' | 'LogicalOr';

export type UnaryKernelName =
  | 'Neg' | 'Abs' | 'Exp' | 'Log' | 'Sqrt' | 'Rsqrt' | 'Tanh' | 'Sigmoid' | 'Relu' | 'Erf' | 'Sign'
  | 'Sin' | 'Cos' | 'Floor' | 'Ceil' | 'Round' | 'LogicalNot' | 'Copy';

export type ReduceKernelName = 'Sum' | 'Max' | 'Min' | 'Prod';

interface Conv2DAttrs {
  stride: [number, number];
  padding: [number, number];
  dilation: [number, number];
  groups: number;
}

interface SgdStepAttrs {
  lr: number;
  momentum: number;
  dampening: number;
  nesterov: boolean;
  weightDecay: number;
  maximize: boolean;
  first: boolean;
}

interface AdamStepAttrs {
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
  weightDecay: number;
  decoupled: boolean;
  amsgrad: boolean;
  maximize: boolean;
  step: number;
}

interface Pool2DAttrs {
  kernel: [number, number];
  stride: [number, number];
  padding: [number, number];
}

type BinarySignatures = { [K in BinaryKernelName]: { inputs: { a: Strided; b: Strided }; attrs: { outShape: Shape } } };
type UnarySignatures = { [K in UnaryKernelName]: { inputs: { x: Strided }; attrs: None } };
type ReduceSignatures = { [K in ReduceKernelName]: { inputs: { x: Dense }; attrs: { axes: number[] } } };

export type KernelSignatures = BinarySignatures &
  UnarySignatures &
  ReduceSignatures & {
    /** Dense `value` of `shape`. */
    Fill: { inputs: None; attrs: { shape: Shape; dtype: DType; value: number } };
    Cast: { inputs: { x: Strided }; attrs: { dtype: DType } };
    /** Writes `src` (broadcast to `dst`'s shape) into the view `dst`, in place. No output. */
    CopyInto: { inputs: { src: Strided; dst: Strided }; attrs: None };
    Where: { inputs: { cond: Strided; a: Strided; b: Strided }; attrs: { outShape: Shape } };
    Clamp: { inputs: { x: Strided }; attrs: { min: number; max: number } };
    /** Index of the largest (smallest) value along `axis`, int32, axis removed. */
    ArgMax: { inputs: { x: Dense }; attrs: { axis: number } };
    ArgMin: { inputs: { x: Dense }; attrs: { axis: number } };
    /** a: [Ba,M,K] (or [Ba,K,M] transposed), b: [Bb,K,N] (or [Bb,N,K]); Ba, Bb equal or 1. */
    BatchMatMul: { inputs: { a: Dense; b: Dense }; attrs: { transposeA: boolean; transposeB: boolean } };
    /** x: [N,C,H,W], w: [O,C/groups,kh,kw] -> [N,O,Ho,Wo]. */
    Conv2D: { inputs: { x: Dense; w: Dense }; attrs: Conv2DAttrs };
    Conv2DBackpropInput: { inputs: { dy: Dense; w: Dense }; attrs: Conv2DAttrs & { inputShape: Shape } };
    Conv2DBackpropFilter: { inputs: { x: Dense; dy: Dense }; attrs: Conv2DAttrs & { filterShape: Shape } };
    /** Returns [values, argmax] where argmax is the int32 flat index into each input plane. */
    MaxPool2D: { inputs: { x: Dense }; attrs: Pool2DAttrs };
    MaxPool2DGrad: { inputs: { dy: Dense; indices: Dense }; attrs: { inputShape: Shape } };
    AvgPool2D: { inputs: { x: Dense }; attrs: Pool2DAttrs & { countIncludePad: boolean } };
    AvgPool2DGrad: { inputs: { dy: Dense }; attrs: Pool2DAttrs & { countIncludePad: boolean; inputShape: Shape } };
    AdaptiveAvgPool2D: { inputs: { x: Dense }; attrs: { outSize: [number, number] } };
    AdaptiveAvgPool2DGrad: { inputs: { dy: Dense }; attrs: { inputShape: Shape } };
    /** out[..., i, ...] = x[..., index[..., i, ...], ...] along `axis`; index has x's rank. */
    Gather: { inputs: { x: Dense; index: Dense }; attrs: { axis: number } };
    /** zeros(shape) then out[..., index[i], ...] += src[..., i, ...] along `axis`. */
    ScatterAdd: { inputs: { index: Dense; src: Dense }; attrs: { axis: number; shape: Shape } };
    /** Selects slices along `axis` by a 1-D int32 index. */
    IndexSelect: { inputs: { x: Dense; index: Dense }; attrs: { axis: number } };
    /** zeros(shape) then adds slice i of `src` into slice index[i] along `axis`. */
    IndexAdd: { inputs: { index: Dense; src: Dense }; attrs: { axis: number; shape: Shape } };
    /*
     * Philox draws a backend may make itself (optional: without them the host makes the values
     * and uploads them). Word i is word i of the draw of (seed, offset), `random/philox.ts`.
     */
    /** float32 in [0, 1): element i = (word i & 0xffffff) * 2^-24. */
    RandomUniform: { inputs: None; attrs: { shape: Shape; seed: number; offset: number } };
    /** Bernoulli(p) in `dtype`: 1 where (word i & 0xffffff) < threshold = ceil(p * 2^24), else 0. */
    RandomBernoulli: { inputs: None; attrs: { shape: Shape; dtype: DType; seed: number; offset: number; threshold: number } };
    /** int32 low + (word i mod (high - low)). */
    RandomInt: { inputs: None; attrs: { shape: Shape; seed: number; offset: number; low: number; high: number } };
    /*
     * Fused optimizer steps a backend may provide (optional: without them the optimizers run
     * their ops). In place on dense float32 tensors, no output; the update order of optim/*.ts.
     */
    /*
     * Fused gradients a backend may provide (optional: without them the op layer composes them
     * from other kernels).
     */
    /** ReLU's gradient (PyTorch's threshold_backward): `y > 0 ? dy : 0`, `y` the ReLU output, same shape and dtype as `dy`. */
    ReluGrad: { inputs: { dy: Strided; y: Strided }; attrs: None };
    /*
     * Fused softmax / log-softmax over the last axis of a float32 tensor a backend may provide
     * (optional: without them the op layer composes max, exp, sum, log). The gradients are
     * PyTorch's `_softmax_backward_data` / `_log_softmax_backward_data` given the output `y`.
     */
    Softmax: { inputs: { x: Dense }; attrs: None };
    LogSoftmax: { inputs: { x: Dense }; attrs: None };
    /** `y * (dy - sum(dy * y))` along the last axis. */
    SoftmaxGrad: { inputs: { dy: Dense; y: Dense }; attrs: None };
    /** `dy - exp(y) * sum(dy)` along the last axis. */
    LogSoftmaxGrad: { inputs: { dy: Dense; y: Dense }; attrs: None };
    /*
     * Fused attention a backend may provide (optional: without it scaledDotProductAttention
     * composes matmul, softmax and matmul). Dense float32 q [B,L,E], k [B,S,E], v [B,S,Ev];
     * `causal` hides keys j > i. Returns [out [B,L,Ev], lse [B,L]], lse being the row
     * logsumexp of the scaled scores, which the gradient kernel takes instead of the scores.
     */
    FlashAttention: { inputs: { q: Dense; k: Dense; v: Dense }; attrs: { scale: number; causal: boolean } };
    /** [dq, dk, dv] of FlashAttention given its inputs, `out`, `lse` and the output gradient `dout`. */
    FlashAttentionGrad: { inputs: { q: Dense; k: Dense; v: Dense; out: Dense; dout: Dense; lse: Dense }; attrs: { scale: number; causal: boolean } };
    /** SGD: `buf` is the momentum buffer (read unless `first`, then written); unused when momentum is 0. */
    SgdStep: { inputs: { param: Dense; grad: Dense; buf: Dense }; attrs: SgdStepAttrs };
    /** Adam/AdamW at step `step` (1-based): updates param, m, v and, with amsgrad, vmax (else unused). */
    AdamStep: { inputs: { param: Dense; grad: Dense; m: Dense; v: Dense; vmax: Dense }; attrs: AdamStepAttrs };
  };

export type KernelName = keyof KernelSignatures;
export type KernelInputs<K extends KernelName> = KernelSignatures[K]['inputs'];
export type KernelAttrs<K extends KernelName> = KernelSignatures[K]['attrs'];

/** Kernels with more than one output. */
export type MultiOutputKernel = 'MaxPool2D' | 'FlashAttention' | 'FlashAttentionGrad';
/** Kernels that write in place and return nothing. */
export type InPlaceKernel = 'CopyInto' | 'SgdStep' | 'AdamStep';

export type KernelResult<K extends KernelName> = K extends MultiOutputKernel
  ? KernelOutputList
  : K extends InPlaceKernel
    ? void
    : KernelOutputSingle;

export type KernelOutputSingle = KernelOutput;
export type KernelOutputList = KernelOutput[];
