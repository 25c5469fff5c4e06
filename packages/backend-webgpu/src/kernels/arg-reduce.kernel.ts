import type { KernelConfig } from '@flint/core';
import { outerInner } from '@flint/core/kernel-kit';
import { gpuDataOf } from '../gpu-data.js';
import { assertSupported } from '../unsupported.js';
import type { WebGpuBackend } from '../webgpu-backend.js';
import { bindings, elementGrid, elementMain } from '../wgsl.js';

/** ArgMax / ArgMin along one axis: one thread per output; the first extreme wins, NaN beats all. */
function argKernel(name: 'ArgMax' | 'ArgMin'): KernelConfig<'ArgMax' | 'ArgMin', WebGpuBackend> {
  const cmp = name === 'ArgMax' ? '>' : '<';
  return {
    name,
    backend: 'webgpu',
    run: ({ x }, { axis }, gpu) => {
      assertSupported(name, x.dtype);
      const out = gpu.output('int32', x.shape.filter((_, i) => i !== axis));
      const [outer, inner] = outerInner(x.shape, axis);
      const size = x.shape[axis];
      const wgsl = (): string =>
        [
          bindings([['x', x.dtype]], [['out', 'int32']]),
          elementMain(`
  let len = u32(prm[1]);
  let inner = u32(prm[2]);
  let base = (i / inner) * len * inner + i % inner;
  var best = x[base];
  var at = 0u;
  for (var j = 1u; j < len && best == best; j++) {
    let v = x[base + j * inner];
    if (v ${cmp} best || v != v) { best = v; at = j; }
  }
  out[i] = i32(at);`),
        ].join('\n');
      const n = outer * inner;
      gpu.dispatch({ key: `arg:${name}:${x.dtype}`, kernel: name, wgsl }, [gpuDataOf(x.dataId).buffer, out.dataId.buffer], [n, size, inner], elementGrid(n));
      return out;
    },
  };
}

export const argReduceKernels = [argKernel('ArgMax'), argKernel('ArgMin')];
