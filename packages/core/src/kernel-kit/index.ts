// `@flint/core/kernel-kit`: what a backend's kernels share with the CPU's, written once: index
// arithmetic over shapes and strides, and the kernel families of the registry's table.
export { contiguousStrides, sizeOf } from '../tensor/shape.js';
export type { Shape } from '../tensor/shape.js';
export { broadcastStrides, coalesceDims, outerInner } from './layout.js';
export type { CoalescedDims } from './layout.js';
export type { BinaryKernelName, UnaryKernelName, ReduceKernelName, KernelName, KernelInputs, KernelAttrs } from '../backend/kernel-names.js';
export type { TensorInfo, KernelOutput } from '../backend/backend.js';
