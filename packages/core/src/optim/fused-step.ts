import { kernelRegistry } from '../backend/kernel-registry.js';
import type { Tensor } from '../tensor/tensor.js';

/**
 * Whether `p`'s update can run as one fused `kernel` dispatch: its backend registers the kernel
 * (the kernel is optional; a backend without it gets the optimizer's ops), and the parameter and
 * its gradient are dense float32. The fused kernels follow the same update order as the ops.
 */
export function canFuse(kernel: 'SgdStep' | 'AdamStep', p: Tensor): boolean {
  const g = p.grad;
  return (
    g !== null && p.dtype === 'float32' && g.dtype === 'float32' && p.isContiguous() && g.isContiguous() &&
    kernelRegistry.has(p.storage.backend.name, kernel)
  );
}
