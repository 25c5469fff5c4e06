import { getBackend, getDefaultDevice } from '../backend/devices.js';
import { kernelRegistry } from '../backend/kernel-registry.js';
import type { Shape } from '../tensor/shape.js';
import { sizeOf } from '../tensor/shape.js';
import type { DType } from '../tensor/dtype.js';
import type { Tensor } from '../tensor/tensor.js';
import { runKernel } from '../ops/dispatch.js';
import type { Generator } from './generator.js';

/**
 * Philox draws made by the device itself. A backend that registers `RandomUniform`,
 * `RandomBernoulli` or `RandomInt` gets (seed, offset) instead of uploaded host values: the words
 * are the same (`philox.ts`) and these conversions are exact in integer and float32 arithmetic, so
 * the values equal the host's bit for bit. The generator advances exactly as a host draw would.
 * Each function returns null when the device's backend lacks the kernel (the host draws then).
 */

const onDevice = (kernel: 'RandomUniform' | 'RandomBernoulli' | 'RandomInt', device: string): boolean =>
  kernelRegistry.has(getBackend(device).name, kernel);

/** float32 uniform [0, 1) values of `shape`, as `uniformValues(gen, n, 'float32')` makes them. */
export function deviceUniform(gen: Generator, shape: Shape, device = getDefaultDevice()): Tensor | null {
  if (!onDevice('RandomUniform', device)) return null;
  const offset = gen.advance(sizeOf(shape));
  return runKernel('RandomUniform', {}, { shape: [...shape], seed: gen.initialSeed(), offset }, device);
}

/** Bernoulli(p) draws of `shape` in `dtype`, as `bernoulliValues(gen, n, p)` makes them. */
export function deviceBernoulli(gen: Generator, shape: Shape, p: number, dtype: DType, device = getDefaultDevice()): Tensor | null {
  if (dtype === 'float64' || !onDevice('RandomBernoulli', device)) return null;
  const offset = gen.advance(sizeOf(shape));
  const threshold = Math.ceil(p * 2 ** 24);
  return runKernel('RandomBernoulli', {}, { shape: [...shape], dtype, seed: gen.initialSeed(), offset, threshold }, device);
}

/** int32 integers in [low, high) of `shape`, as `randintValues(gen, n, low, high)` makes them. */
export function deviceRandint(gen: Generator, shape: Shape, low: number, high: number, device = getDefaultDevice()): Tensor | null {
  if (!onDevice('RandomInt', device)) return null;
  const offset = gen.advance(sizeOf(shape));
  return runKernel('RandomInt', {}, { shape: [...shape], seed: gen.initialSeed(), offset, low, high }, device);
}
