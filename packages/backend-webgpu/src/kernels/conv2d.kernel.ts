import type { KernelConfig } from '@flint/core';
import { gpuDataOf } from '../gpu-data.js';
import { assertSupported } from '../unsupported.js';
import type { WebGpuBackend } from '../webgpu-backend.js';
import { CONV_FILTER_WGSL, CONV_FORWARD_WGSL, CONV_INPUT_WGSL, convFields } from './conv2d.program.js';
import { runGemm } from './tiled-gemm.js';

// Conv2D and its two gradients: one tiled implicit GEMM each (conv2d.program.ts), per group.

export const conv2dKernel: KernelConfig<'Conv2D', WebGpuBackend> = {
  name: 'Conv2D',
  backend: 'webgpu',
  run: ({ x, w }, attrs, gpu) => {
    assertSupported('Conv2D', x.dtype, w.dtype);
    const meta = convFields(x.shape, w.shape, attrs);
    const [n, c, , , o, kh, kw, oh, ow] = meta;
    const g = attrs.groups;
    return runGemm(gpu, {
      key: 'conv2d', kernel: 'Conv2D', functions: CONV_FORWARD_WGSL,
      inputs: [['x', gpuDataOf(x.dataId).buffer], ['w', gpuDataOf(w.dataId).buffer]],
      m: n * oh * ow, n: o / g, k: (c / g) * kh * kw, z: g, meta, outShape: [n, o, oh, ow], denseOut: false,
    });
  },
};

export const conv2dBackpropInputKernel: KernelConfig<'Conv2DBackpropInput', WebGpuBackend> = {
  name: 'Conv2DBackpropInput',
  backend: 'webgpu',
  run: ({ dy, w }, attrs, gpu) => {
    assertSupported('Conv2DBackpropInput', dy.dtype, w.dtype);
    const meta = convFields(attrs.inputShape, w.shape, attrs);
    const [n, c, h, wd, o, kh, kw] = meta;
    const g = attrs.groups;
    return runGemm(gpu, {
      key: 'conv2d-input', kernel: 'Conv2DBackpropInput', functions: CONV_INPUT_WGSL,
      inputs: [['dy', gpuDataOf(dy.dataId).buffer], ['w', gpuDataOf(w.dataId).buffer]],
      m: n * h * wd, n: c / g, k: (o / g) * kh * kw, z: g, meta, outShape: [...attrs.inputShape], denseOut: false,
    });
  },
};

export const conv2dBackpropFilterKernel: KernelConfig<'Conv2DBackpropFilter', WebGpuBackend> = {
  name: 'Conv2DBackpropFilter',
  backend: 'webgpu',
  run: ({ x, dy }, attrs, gpu) => {
    assertSupported('Conv2DBackpropFilter', x.dtype, dy.dtype);
    const meta = convFields(x.shape, attrs.filterShape, attrs);
    const [n, c, , , o, kh, kw, oh, ow] = meta;
    const g = attrs.groups;
    return runGemm(gpu, {
      key: 'conv2d-filter', kernel: 'Conv2DBackpropFilter', functions: CONV_FILTER_WGSL,
      inputs: [['x', gpuDataOf(x.dataId).buffer], ['dy', gpuDataOf(dy.dataId).buffer]],
      m: o / g, n: (c / g) * kh * kw, k: n * oh * ow, z: g, meta, outShape: [...attrs.filterShape], denseOut: true,
    });
  },
};
