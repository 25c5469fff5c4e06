import type { KernelOutput, TensorInfo } from '@flint/core';
import { contiguousStrides } from '@flint/core/kernel-kit';

/** A kernel output seen as a dense kernel input. */
export const contiguousInfo = (o: KernelOutput): TensorInfo => ({ ...o, strides: contiguousStrides(o.shape), offset: 0 });
