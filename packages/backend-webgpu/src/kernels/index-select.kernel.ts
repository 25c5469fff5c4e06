import type { KernelConfig } from '@flint/core';
import { sizeOf } from '@flint/core';
import { outerInner } from '@flint/core/kernel-kit';
import { gpuDataOf } from '../gpu-data.js';
import { assertSupported } from '../unsupported.js';
import type { WebGpuBackend } from '../webgpu-backend.js';
import { indexFaultCode } from '../index-faults.js';
import { bindings, elementGrid, elementMain, wgslType } from '../wgsl.js';

// Meta of both: [n, m (index length), inner, size (the axis's extent in x or in the output), axis].

/**
 * IndexSelect: out[a, j, k] = x[a, index[j], k], one thread per output element. An out-of-range
 * index writes 0 and is reported through the index-fault record (raised at the next read).
 */
const SELECT_BODY = `
  let m = u32(prm[1]); let inner = u32(prm[2]); let size = u32(prm[3]);
  let k = i % inner; let j = (i / inner) % m; let a = i / (inner * m);
  let v = index[j];
  if (v < 0 || u32(v) >= size) { reportIndexFault(${indexFaultCode('indexSelect')}u, v, prm[4], i32(size)); out[i] = T(0); return; }
  out[i] = x[(a * size + u32(v)) * inner + k];`;

/** IndexAdd as a gather (deterministic): out[a, j, k] = sum of src[a, e, k] over index[e] == j. */
const ADD_BODY = `
  let m = u32(prm[1]); let inner = u32(prm[2]); let size = u32(prm[3]);
  let k = i % inner; let j = i32((i / inner) % size); let a = i / (inner * size);
  var acc = T(0);
  for (var e = 0u; e < m; e++) {
    if (index[e] == j) { acc += src[(a * m + e) * inner + k]; }
  }
  out[i] = acc;`;

export const indexSelectKernel: KernelConfig<'IndexSelect', WebGpuBackend> = {
  name: 'IndexSelect',
  backend: 'webgpu',
  run: ({ x, index }, { axis }, gpu) => {
    assertSupported('IndexSelect', x.dtype);
    const m = sizeOf(index.shape);
    const out = gpu.output(x.dtype, x.shape.map((d, i) => (i === axis ? m : d)));
    const [, inner] = outerInner(x.shape, axis);
    const n = sizeOf(out.shape);
    const body = SELECT_BODY.replace('T(0)', `${wgslType(x.dtype)}(0)`);
    const wgsl = (): string => [bindings([['x', x.dtype], ['index', 'int32']], [['out', x.dtype]], true), elementMain(body)].join('\n');
    const buffers = [gpuDataOf(x.dataId).buffer, gpuDataOf(index.dataId).buffer, out.dataId.buffer, gpu.faults.bind()];
    gpu.dispatch({ key: `index-select:${x.dtype}`, kernel: 'IndexSelect', wgsl }, buffers, [n, m, inner, x.shape[axis], axis], elementGrid(n));
    return out;
  },
};

export const indexAddKernel: KernelConfig<'IndexAdd', WebGpuBackend> = {
  name: 'IndexAdd',
  backend: 'webgpu',
  run: ({ index, src }, { axis, shape }, gpu) => {
    assertSupported('IndexAdd', src.dtype);
    const out = gpu.output(src.dtype, shape);
    const [, inner] = outerInner(shape, axis);
    const n = sizeOf(shape);
    const body = ADD_BODY.replace('T(0)', `${wgslType(src.dtype)}(0)`);
    const wgsl = (): string => [bindings([['index', 'int32'], ['src', src.dtype]], [['out', src.dtype]]), elementMain(body)].join('\n');
    const buffers = [gpuDataOf(index.dataId).buffer, gpuDataOf(src.dataId).buffer, out.dataId.buffer];
    gpu.dispatch({ key: `index-add:${src.dtype}`, kernel: 'IndexAdd', wgsl }, buffers, [n, sizeOf(index.shape), inner, shape[axis]], elementGrid(n));
    return out;
  },
};

export const indexSelectKernels = [indexSelectKernel, indexAddKernel];
