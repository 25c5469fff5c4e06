import type { TensorInfo } from '../backend/backend.js';
import type { GradNode } from '../autograd/grad-node.js';
import type { DType, TypedArray } from './dtype.js';
import { isFloat } from './dtype.js';
import { AutogradError, DeviceError, DisposedError, FlintError, ShapeError } from './errors.js';
import { contiguousStrides as contiguousStridesOf, isContiguous, sizeOf, type Shape } from './shape.js';
import { liveStats, type Storage } from './storage.js';
import { track, type Tracked } from './scope.js';
import type { NestedArray } from './nested.js';
import { toNested } from './nested.js';
import { formatTensor, INSPECT_CUSTOM } from './tensor-format.js';

let nextId = 0;

type TensorMethodTable = import('../ops/tensor-methods.js').TensorMethodTable;

let table: TensorMethodTable | undefined;

/**
 * Installs the functions `Tensor`'s methods forward to; `ops/tensor-methods.ts` calls it once
 * when it loads. Binding late keeps tensor.ts free of runtime imports of the ops and autograd
 * modules, which all import `Tensor`: no import cycle through the class every file needs.
 */
export function bindTensorMethods(methods: TensorMethodTable): void {
  table = methods;
}

function ops(): TensorMethodTable {
  if (!table) throw new FlintError("Tensor methods: Flint's ops are not loaded; import them through '@flint/core' (its entry point binds them)");
  return table;
}

/** Frees the storage of a tensor the program dropped without `dispose()`: a safety net only. */
const finalizer = new FinalizationRegistry<Storage>((storage) => storage.release());

/** Runs when a leaf's gradient for the current backward is complete. */
export type GradHook = (param: Tensor) => void;

/**
 * An n-dimensional array on a device, with autograd. A thin handle: the data lives in a
 * backend buffer (`Storage`) shared by views; every op is a function in `core/ops`, and the
 * methods here only forward to them so code reads like PyTorch.
 */
export class Tensor implements Tracked {
  readonly id = nextId++;
  /** Gradient accumulated by `backward()`, owned by this tensor. */
  grad: Tensor | null = null;
  /** The op that produced this tensor, when it was recorded for autograd. */
  gradFn: GradNode | null = null;
  /** Which output of `gradFn` this is. */
  outputIndex = 0;
  kept = false;
  private requires = false;
  private disposed = false;
  private gradHooks: GradHook[] | null = null;

  /** @internal Tensors are made by ops and creation functions, not with `new`. */
  constructor(
    storage: Storage,
    readonly shape: Shape,
    private stridesOf: readonly number[],
    private offsetOf: number,
    readonly dtype: DType,
  ) {
    this.storageOf = storage;
    liveStats.tensors++;
    finalizer.register(this, storage, this);
    track(this);
  }

  private storageOf: Storage;

  /** @internal The buffer this tensor views. */
  get storage(): Storage {
    return this.storageOf;
  }

  get strides(): readonly number[] {
    return this.stridesOf;
  }

  get offset(): number {
    return this.offsetOf;
  }

  /**
   * @internal Points this tensor at a new dense buffer (`module.to(device)` moves parameters
   * in place); the old buffer is released.
   */
  replaceStorage(storage: Storage): void {
    this.assertLive('replaceStorage');
    finalizer.unregister(this);
    this.storageOf.release();
    this.storageOf = storage;
    this.stridesOf = contiguousStridesOf(this.shape);
    this.offsetOf = 0;
    finalizer.register(this, storage, this);
  }

  get device(): string {
    return this.storage.backend.device;
  }

  get ndim(): number {
    return this.shape.length;
  }

  /**
   * The number of elements (PyTorch's `numel()`), a number as in NumPy. PyTorch's `x.size(0)` /
   * `x.size()` are `x.shape[0]` / `x.shape` here; calling `size` is a type error.
   */
  get size(): number {
    return sizeOf(this.shape);
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  /** True for tensors made by the user rather than by a recorded op. */
  get isLeaf(): boolean {
    return this.gradFn === null;
  }

  /** True for leaves marked so and for every result of a recorded op, as in PyTorch. */
  get requiresGrad(): boolean {
    return this.requires || this.gradFn !== null;
  }

  set requiresGrad(value: boolean) {
    if (value && !this.isLeaf) throw new AutogradError('requiresGrad can only be set on leaf tensors; use detach() first');
    if (value && !isFloat(this.dtype)) {
      throw new AutogradError(`requiresGrad: only floating point tensors can require gradients, got ${this.dtype}`);
    }
    this.requires = value;
  }

  /** Sets `requiresGrad` and returns this tensor, like PyTorch's `requires_grad_()`. */
  requiresGrad_(value = true): this {
    this.requiresGrad = value;
    return this;
  }

  isContiguous(): boolean {
    return this.offset === 0 && isContiguous(this.shape, this.strides);
  }

  /** @internal What kernels see. */
  info(): TensorInfo {
    this.assertLive('use');
    return { dataId: this.storage.dataId, dtype: this.dtype, shape: this.shape, strides: this.strides, offset: this.offset };
  }

  assertLive(op: string): void {
    if (this.disposed) throw new DisposedError(`${op}: tensor ${this.id} ${fmt(this)} was disposed`);
  }

  /** Frees this handle; the buffer goes when its last view and saved copy are gone. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    liveStats.tensors--;
    finalizer.unregister(this);
    this.storage.release();
    this.gradFn?.release();
    this.gradFn = null;
    this.grad?.dispose();
    this.grad = null;
  }

  /** Computes gradients of this tensor with respect to every leaf that requires them. */
  backward(gradient?: Tensor, options: { retainGraph?: boolean } = {}): void {
    ops().backward(this, gradient, options);
  }

  /**
   * Calls `hook` each time this leaf's gradient has been fully accumulated by a backward
   * pass (PyTorch's `register_post_accumulate_grad_hook`). Returns a function that removes it.
   */
  registerPostAccumulateGradHook(hook: GradHook): () => void {
    if (!this.isLeaf) throw new AutogradError('registerPostAccumulateGradHook: only leaf tensors accumulate gradients');
    (this.gradHooks ??= []).push(hook);
    return () => {
      this.gradHooks = this.gradHooks?.filter((h) => h !== hook) ?? null;
    };
  }

  /** @internal Called by the backward engine. */
  runGradHooks(): void {
    if (this.gradHooks) for (const h of this.gradHooks) h(this);
  }

  /** A new handle on the same data, cut from the graph. */
  detach(): Tensor {
    this.assertLive('detach');
    return new Tensor(this.storage.retain(), this.shape, this.strides, this.offset, this.dtype);
  }

  /** Values as a flat TypedArray in row-major order. */
  async data(): Promise<TypedArray> {
    const dense = this.isContiguous() ? this : ops().contiguous(this);
    try {
      const all = await dense.storage.backend.read(dense.storage.dataId);
      return all.length === this.size ? all : all.slice(0, this.size);
    } finally {
      if (dense !== this) dense.dispose();
    }
  }

  /** Synchronous read; only backends that allow it (CPU) implement it, others throw a DeviceError. */
  dataSync(): TypedArray {
    const b = this.storage.backend;
    if (!b.readSync) {
      throw new DeviceError(`dataSync: tensor ${fmt(this)} is on ${this.device}, which reads asynchronously; use await x.data(), await x.item() or await x.toArray()`);
    }
    const dense = this.isContiguous() ? this : ops().contiguous(this);
    const all = b.readSync(dense.storage.dataId);
    const out = all.length === this.size ? all.slice() : all.slice(0, this.size);
    if (dense !== this) dense.dispose();
    return out;
  }

  /** Values as nested arrays, like PyTorch's `tolist()`. */
  async toArray(): Promise<NestedArray> {
    return toNested(await this.data(), this.shape);
  }

  /** The value of a one-element tensor. */
  async item(): Promise<number> {
    if (this.size !== 1) throw new ShapeError(`item: tensor of shape ${fmt(this)} has ${this.size} elements, expected 1`);
    return (await this.data())[0];
  }

  toString(): string {
    return `Tensor(${fmt(this)}, ${this.dtype}, ${this.device})`;
  }

  /** `console.log(x)` in Node: values (a PyTorch-style summary above 1000 elements), shape, dtype, device. */
  [INSPECT_CUSTOM](): string {
    return formatTensor(this);
  }

  // Forwarders: each op is documented where it is defined, in core/ops.
  add(o: Tensor | number): Tensor { return ops().add(this, o); }
  sub(o: Tensor | number): Tensor { return ops().sub(this, o); }
  mul(o: Tensor | number): Tensor { return ops().mul(this, o); }
  div(o: Tensor | number): Tensor { return ops().div(this, o); }
  pow(exponent: number | Tensor): Tensor { return ops().pow(this, exponent); }
  maximum(o: Tensor | number): Tensor { return ops().maximum(this, o); }
  minimum(o: Tensor | number): Tensor { return ops().minimum(this, o); }
  eq(o: Tensor | number): Tensor { return ops().eq(this, o); }
  gt(o: Tensor | number): Tensor { return ops().gt(this, o); }
  ge(o: Tensor | number): Tensor { return ops().ge(this, o); }
  lt(o: Tensor | number): Tensor { return ops().lt(this, o); }
  le(o: Tensor | number): Tensor { return ops().le(this, o); }
  neg(): Tensor { return ops().neg(this); }
  abs(): Tensor { return ops().abs(this); }
  exp(): Tensor { return ops().exp(this); }
  log(): Tensor { return ops().log(this); }
  sqrt(): Tensor { return ops().sqrt(this); }
  tanh(): Tensor { return ops().tanh(this); }
  sigmoid(): Tensor { return ops().sigmoid(this); }
  relu(): Tensor { return ops().relu(this); }
  clamp(min: number, max: number): Tensor { return ops().clamp(this, min, max); }
  cast(dtype: DType): Tensor { return ops().cast(this, dtype); }
  contiguous(): Tensor { return ops().contiguous(this); }
  clone(): Tensor { return ops().clone(this); }
  sum(dim?: number | number[], keepDim = false): Tensor { return ops().sum(this, dim, keepDim); }
  mean(dim?: number | number[], keepDim = false): Tensor { return ops().mean(this, dim, keepDim); }
  amax(dim?: number | number[], keepDim = false): Tensor { return ops().amax(this, dim, keepDim); }
  argmax(dim?: number, keepDim = false): Tensor { return ops().argmax(this, dim, keepDim); }
  softmax(dim: number): Tensor { return ops().softmax(this, dim); }
  logSoftmax(dim: number): Tensor { return ops().logSoftmax(this, dim); }
  matmul(o: Tensor): Tensor { return ops().matmul(this, o); }
  reshape(...shape: number[]): Tensor { return ops().reshape(this, shape); }
  view(...shape: number[]): Tensor { return ops().view(this, shape); }
  transpose(dim0: number, dim1: number): Tensor { return ops().transpose(this, dim0, dim1); }
  permute(...dims: number[]): Tensor { return ops().permute(this, dims); }
  expand(...shape: number[]): Tensor { return ops().expand(this, shape); }
  squeeze(dim?: number): Tensor { return ops().squeeze(this, dim); }
  unsqueeze(dim: number): Tensor { return ops().unsqueeze(this, dim); }
  flatten(startDim = 0, endDim = -1): Tensor { return ops().flatten(this, startDim, endDim); }
  narrow(dim: number, start: number, length: number): Tensor { return ops().narrow(this, dim, start, length); }
  /** `t.slice(dim, start, end, step)` is PyTorch's `t[..., start:end:step, ...]` on `dim`. */
  slice(dim: number, start?: number, end?: number, step?: number): Tensor { return ops().slice(this, dim, start, end, step); }
  /** The transpose of a 2-D tensor (`t.T`). */
  t(): Tensor { return ops().transpose(this, 0, 1); }
  /** This tensor on `device` (itself when already there); see `ops/to-device.ts`. */
  to(device: string): Tensor { return ops().to(this, device); }
  /** Writes `src` into this tensor's storage in place (PyTorch's `copy_`). */
  copy_(src: Tensor | number): this { ops().copyInto(this, src); return this; }
}

const fmt = (t: Tensor): string => `[${t.shape.join(',')}]`;

export type { NestedArray };
