import type { DType, KernelName } from '@flint/core';
import { DTypeError } from '@flint/core';

/** One (kernel, dtype) pair the WebGPU backend does not run, and why. `'*'` is every kernel. */
export interface UnsupportedEntry {
  readonly kernel: KernelName | '*';
  readonly dtype: DType;
  readonly reason: string;
}

/**
 * What this backend refuses, in one table. The conformance suite and the README report these
 * cases as unsupported; no kernel falls back to the CPU behind the user's back.
 */
export const UNSUPPORTED: readonly UnsupportedEntry[] = [
  {
    kernel: '*',
    dtype: 'float64',
    reason: 'WGSL has no 64-bit float type (f64 is not part of WebGPU); use float32 on webgpu and float64 on cpu',
  },
];

/** The reason `kernel` cannot run on `dtype` here, or null when it can. */
export function unsupportedReason(kernel: KernelName | 'upload' | 'allocate', dtype: DType): string | null {
  const hit = UNSUPPORTED.find((e) => e.dtype === dtype && (e.kernel === '*' || e.kernel === kernel));
  return hit ? hit.reason : null;
}

/** Throws a DTypeError naming the kernel and the dtype when the pair is in `UNSUPPORTED`. */
export function assertSupported(kernel: KernelName | 'upload' | 'allocate', ...dtypes: DType[]): void {
  for (const d of dtypes) {
    const why = unsupportedReason(kernel, d);
    if (why) throw new DTypeError(`${kernel}: dtype ${d} is not supported on webgpu: ${why}`);
  }
}
