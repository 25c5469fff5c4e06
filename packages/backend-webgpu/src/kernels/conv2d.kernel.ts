import type { KernelConfig } from '@flint/core';
import { sizeOf } from '@flint/core';
import { gpuDataOf } from '../gpu-data.js';
import { assertSupported } from '../unsupported.js';
import type { WebGpuBackend } from '../webgpu-backend.js';
import { bindings, elementGrid, elementMain, grid, groupMain, WG } from '../wgsl.js';
import { treeReduceBody } from './reduce.kernel.js';
import { CONV2D_BODY, CONV2D_FILTER_HELPERS, CONV2D_FILTER_LOAD, CONV2D_INPUT_BODY, convMeta } from './conv2d.program.js';

export const conv2dKernel: KernelConfig<'Conv2D', WebGpuBackend> = {
  name: 'Conv2D',
  backend: 'webgpu',
  run: ({ x, w }, attrs, gpu) => {
    assertSupported('Conv2D', x.dtype, w.dtype);
    const meta = convMeta(x.shape, w.shape, attrs);
    const out = gpu.output(x.dtype, [meta[1], meta[5], meta[8], meta[9]]);
    const n = sizeOf(out.shape);
    meta[0] = n;
    const wgsl = (): string => [bindings([['x', 'float32'], ['w', 'float32']], [['out', 'float32']]), elementMain(CONV2D_BODY)].join('\n');
    const buffers = [gpuDataOf(x.dataId).buffer, gpuDataOf(w.dataId).buffer, out.dataId.buffer];
    gpu.dispatch({ key: 'conv2d', kernel: 'Conv2D', wgsl }, buffers, meta, elementGrid(n));
    return out;
  },
};

export const conv2dBackpropInputKernel: KernelConfig<'Conv2DBackpropInput', WebGpuBackend> = {
  name: 'Conv2DBackpropInput',
  backend: 'webgpu',
  run: ({ dy, w }, attrs, gpu) => {
    assertSupported('Conv2DBackpropInput', dy.dtype, w.dtype);
    const meta = convMeta(attrs.inputShape, w.shape, attrs);
    const out = gpu.output(dy.dtype, attrs.inputShape);
    const n = sizeOf(attrs.inputShape);
    meta[0] = n;
    const wgsl = (): string => [bindings([['dy', 'float32'], ['w', 'float32']], [['out', 'float32']]), elementMain(CONV2D_INPUT_BODY)].join('\n');
    const buffers = [gpuDataOf(dy.dataId).buffer, gpuDataOf(w.dataId).buffer, out.dataId.buffer];
    gpu.dispatch({ key: 'conv2d-input', kernel: 'Conv2DBackpropInput', wgsl }, buffers, meta, elementGrid(n));
    return out;
  },
};

export const conv2dBackpropFilterKernel: KernelConfig<'Conv2DBackpropFilter', WebGpuBackend> = {
  name: 'Conv2DBackpropFilter',
  backend: 'webgpu',
  run: ({ x, dy }, attrs, gpu) => {
    assertSupported('Conv2DBackpropFilter', x.dtype, dy.dtype);
    const conv = convMeta(x.shape, attrs.filterShape, attrs);
    const out = gpu.output(x.dtype, attrs.filterShape);
    const taps = sizeOf(attrs.filterShape);
    // prm[0] = taps, prm[1] = N*OH*OW (the reduction length), then the conv fields from 2 on.
    const meta = [taps, conv[1] * conv[8] * conv[9], ...conv.slice(1)];
    const shifted = CONV2D_FILTER_HELPERS.replace(/prm\[(\d+)\]/g, (_, k: string) => `prm[${Number(k) + 1}]`);
    const wgsl = (): string =>
      [
        bindings([['x', 'float32'], ['dy', 'float32']], [['out', 'float32']]),
        `var<workgroup> red: array<f32, ${WG}>;`,
        shifted,
        groupMain(`  if (o >= u32(prm[0])) { return; }\n` + treeReduceBody('f32', '0.0', CONV2D_FILTER_LOAD, (a, v) => `${a} + ${v}`, 'out[o] = red[0];')),
      ].join('\n');
    const buffers = [gpuDataOf(x.dataId).buffer, gpuDataOf(dy.dataId).buffer, out.dataId.buffer];
    gpu.dispatch({ key: 'conv2d-filter', kernel: 'Conv2DBackpropFilter', wgsl }, buffers, meta, grid(taps));
    return out;
  },
};
