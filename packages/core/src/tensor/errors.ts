import type { DType } from './dtype.js';

/** Base class of every error Flint throws on purpose. */
export class FlintError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** Shapes that cannot work together: `ShapeError: matmul: [32,784] x [128,10]: ...`. */
export class ShapeError extends FlintError {}

/** An op was given a dtype it does not take, or two dtypes it cannot combine. */
export class DTypeError extends FlintError {}

/** Operands on different devices, or a device that does not exist or is not visible. */
export class DeviceError extends FlintError {}

/** Misuse of autograd: a second backward through a freed graph, a grad on a non-float, ... */
export class AutogradError extends FlintError {}

/** A tensor used after `dispose()`. */
export class DisposedError extends FlintError {}

/** No kernel is registered for an op on a backend, or a backend is missing. */
export class KernelError extends FlintError {}

export const fmtShape = (shape: readonly number[]): string => `[${shape.join(',')}]`;

export const fmtDTypes = (...dtypes: DType[]): string => dtypes.join(' and ');
