import type { KernelConfig, TensorInfo } from '@flint/core';
import { contiguousInfo } from '../dense.js';
import { gpuDataOf } from '../gpu-data.js';
import { stridedIndexWgsl, stridedLayout, stridedMeta } from '../strided.js';
import { assertSupported } from '../unsupported.js';
import type { WebGpuBackend } from '../webgpu-backend.js';
import { bindings, convert, elementGrid, elementMain } from '../wgsl.js';
import { runElementwise } from './elementwise.program.js';

/** CopyInto: writes `src` (broadcast to `dst`'s shape) into the view `dst`, in place. */
export const copyIntoKernel: KernelConfig<'CopyInto', WebGpuBackend> = {
  name: 'CopyInto',
  backend: 'webgpu',
  run: ({ src, dst }, _attrs, gpu) => {
    assertSupported('CopyInto', src.dtype, dst.dtype);
    const n = dst.shape.reduce((a, b) => a * b, 1);
    if (n === 0) return;
    // A buffer cannot be bound for reading and writing in one dispatch: stage a shared source.
    let staged: TensorInfo | null = null;
    if (gpuDataOf(src.dataId).buffer === gpuDataOf(dst.dataId).buffer) {
      const copy = runElementwise(gpu, { kernel: 'Copy', expr: ([v]) => v }, [src], src.dtype, src.shape);
      staged = contiguousInfo(copy);
    }
    const from = staged ?? src;
    const layout = stridedLayout(dst.shape, [from, dst]);
    const key = `copy-into:${from.dtype}:${dst.dtype}:${layout.linear ? 'l' : 's'}`;
    const wgsl = (): string =>
      [
        bindings([['src', from.dtype]], [['dst', dst.dtype]]),
        stridedIndexWgsl(layout.linear),
        elementMain(`  dst[at(1u, i)] = ${convert('src[at(0u, i)]', from.dtype, dst.dtype)};`),
      ].join('\n');
    const buffers = [gpuDataOf(from.dataId).buffer, gpuDataOf(dst.dataId).buffer];
    gpu.dispatch({ key, kernel: 'CopyInto', wgsl }, buffers, stridedMeta(n, layout), elementGrid(n));
    if (staged) gpu.dispose(staged.dataId);
  },
};
