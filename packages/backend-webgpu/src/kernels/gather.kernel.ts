import type { KernelConfig } from '@flint/core';
import { sizeOf } from '@flint/core';
import { contiguousStrides } from '@flint/core/kernel-kit';
import { gpuDataOf } from '../gpu-data.js';
import { assertSupported } from '../unsupported.js';
import type { WebGpuBackend } from '../webgpu-backend.js';
import { indexFaultCode } from '../index-faults.js';
import { bindings, elementGrid, elementMain, wgslType } from '../wgsl.js';

/**
 * Gather: one thread per element of `index`. Meta: [n, rank, axis, x's extent along axis,
 * indexShape..., xStrides...]. An out-of-range index writes 0 and is reported through the
 * index-fault record, which the backend raises as the CPU's RangeError at the next read.
 */
const GATHER_BODY = `
  let rank = prm[1]; let axis = prm[2]; let extent = prm[3];
  var rem = i32(i);
  var off = 0;
  for (var d = rank - 1; d >= 0; d--) {
    let size = prm[4 + d];
    let c = rem % size;
    rem = rem / size;
    if (d == axis) {
      let v = index[i];
      if (v < 0 || v >= extent) { reportIndexFault(${indexFaultCode('gather')}u, v, axis, extent); out[i] = T(0); return; }
      off += v * prm[4 + rank + d];
    } else { off += c * prm[4 + rank + d]; }
  }
  out[i] = x[u32(off)];`;

/**
 * ScatterAdd as a gather (deterministic, no atomics): one thread per output element sums the
 * `src` entries whose index along `axis` names it. Meta: [n, rank, axis, outShape...,
 * indexShape..., indexStrides..., srcStrides...].
 */
const SCATTER_BODY = `
  let rank = prm[1]; let axis = prm[2];
  let oShape = 3; let iShape = 3 + rank; let iStr = 3 + 2 * rank; let sStr = 3 + 3 * rank;
  var rem = i32(i);
  var iOff = 0; var sOff = 0; var dest = 0;
  for (var d = rank - 1; d >= 0; d--) {
    let c = rem % prm[oShape + d];
    rem = rem / prm[oShape + d];
    if (d == axis) { dest = c; continue; }
    if (c >= prm[iShape + d]) { out[i] = ${'T'}(0); return; }
    iOff += c * prm[iStr + d];
    sOff += c * prm[sStr + d];
  }
  var acc = ${'T'}(0);
  for (var j = 0; j < prm[iShape + axis]; j++) {
    if (index[iOff + j * prm[iStr + axis]] == dest) { acc += src[sOff + j * prm[sStr + axis]]; }
  }
  out[i] = acc;`;

export const gatherKernel: KernelConfig<'Gather', WebGpuBackend> = {
  name: 'Gather',
  backend: 'webgpu',
  run: ({ x, index }, { axis }, gpu) => {
    assertSupported('Gather', x.dtype);
    const out = gpu.output(x.dtype, index.shape);
    const n = sizeOf(index.shape);
    const meta = [n, index.shape.length, axis, x.shape[axis], ...index.shape, ...contiguousStrides(x.shape)];
    const body = GATHER_BODY.replace('T(0)', `${wgslType(x.dtype)}(0)`);
    const wgsl = (): string => [bindings([['x', x.dtype], ['index', 'int32']], [['out', x.dtype]], true), elementMain(body)].join('\n');
    const buffers = [gpuDataOf(x.dataId).buffer, gpuDataOf(index.dataId).buffer, out.dataId.buffer, gpu.faults.bind()];
    gpu.dispatch({ key: `gather:${x.dtype}`, kernel: 'Gather', wgsl }, buffers, meta, elementGrid(n));
    return out;
  },
};

export const scatterAddKernel: KernelConfig<'ScatterAdd', WebGpuBackend> = {
  name: 'ScatterAdd',
  backend: 'webgpu',
  run: ({ index, src }, { axis, shape }, gpu) => {
    assertSupported('ScatterAdd', src.dtype);
    const out = gpu.output(src.dtype, shape);
    const n = sizeOf(shape);
    const meta = [n, shape.length, axis, ...shape, ...index.shape, ...contiguousStrides(index.shape), ...contiguousStrides(src.shape)];
    const body = SCATTER_BODY.replaceAll('T(0)', `${wgslType(src.dtype)}(0)`);
    const wgsl = (): string => [bindings([['index', 'int32'], ['src', src.dtype]], [['out', src.dtype]]), elementMain(body)].join('\n');
    const buffers = [gpuDataOf(index.dataId).buffer, gpuDataOf(src.dataId).buffer, out.dataId.buffer];
    gpu.dispatch({ key: `scatter-add:${src.dtype}`, kernel: 'ScatterAdd', wgsl }, buffers, meta, elementGrid(n));
    return out;
  },
};

