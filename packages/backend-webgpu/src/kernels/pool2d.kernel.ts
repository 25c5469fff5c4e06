import type { DType, KernelConfig, KernelOutput, Shape, TensorInfo } from '@flint/core';
import { sizeOf } from '@flint/core';
import { gpuDataOf } from '../gpu-data.js';
import { assertSupported } from '../unsupported.js';
import type { WebGpuBackend } from '../webgpu-backend.js';
import { bindings, elementGrid, elementMain, F32_NEG_INF } from '../wgsl.js';
import * as P from './pool2d.program.js';

/** One thread per element of `outShape`: binds `reads`, then `out` (and `idx` when asked). */
function runPool(
  gpu: WebGpuBackend,
  kernel: string,
  body: string,
  helpers: string,
  reads: [string, TensorInfo][],
  outShape: Shape,
  meta: number[],
  withIndices = false,
): KernelOutput[] {
  const out = gpu.output(reads[0][1].dtype, outShape);
  const idx = withIndices ? gpu.output('int32', outShape) : null;
  const n = sizeOf(outShape);
  meta[0] = n;
  const writes: [string, DType][] = [['out', 'float32']];
  if (idx) writes.push(['idx', 'int32']);
  const wgsl = (): string =>
    [bindings(reads.map(([name, t]) => [name, t.dtype]), writes), helpers, elementMain(body.replace('NEG_INF', F32_NEG_INF))].join('\n');
  const buffers = [...reads.map(([, t]) => gpuDataOf(t.dataId).buffer), out.dataId.buffer];
  if (idx) buffers.push(idx.dataId.buffer);
  gpu.dispatch({ key: `pool:${kernel}`, kernel, wgsl }, buffers, meta, elementGrid(n));
  return idx ? [out, idx] : [out];
}

const nchw = (s: Shape, oh: number, ow: number): Shape => [s[0], s[1], oh, ow];

export const maxPool2dKernel: KernelConfig<'MaxPool2D', WebGpuBackend> = {
  name: 'MaxPool2D',
  backend: 'webgpu',
  run: ({ x }, attrs, gpu) => {
    assertSupported('MaxPool2D', x.dtype);
    const meta = P.poolMeta(x.shape, attrs);
    return runPool(gpu, 'MaxPool2D', P.MAX_POOL_BODY, '', [['x', x]], nchw(x.shape, meta[4], meta[5]), meta, true);
  },
};

export const maxPool2dGradKernel: KernelConfig<'MaxPool2DGrad', WebGpuBackend> = {
  name: 'MaxPool2DGrad',
  backend: 'webgpu',
  run: ({ dy, indices }, { inputShape }, gpu) => {
    assertSupported('MaxPool2DGrad', dy.dtype);
    // The window geometry is not an attribute here: every output of the plane may hold the
    // argmax, so the range covers the whole output plane (kernel = input, stride 1).
    const [, , h, w] = inputShape;
    const [oh, ow] = [dy.shape[2], dy.shape[3]];
    const meta = [0, inputShape[0] * inputShape[1], h, w, oh, ow, h + 2 * oh, w + 2 * ow, 1, 1, oh, ow, 0];
    return runPool(gpu, 'MaxPool2DGrad', P.MAX_POOL_GRAD_BODY, '', [['dy', dy], ['idx', indices]], inputShape, meta)[0];
  },
};

export const avgPool2dKernel: KernelConfig<'AvgPool2D', WebGpuBackend> = {
  name: 'AvgPool2D',
  backend: 'webgpu',
  run: ({ x }, attrs, gpu) => {
    assertSupported('AvgPool2D', x.dtype);
    const meta = P.poolMeta(x.shape, attrs, attrs.countIncludePad);
    return runPool(gpu, 'AvgPool2D', P.AVG_POOL_BODY, P.AVG_DIVISOR_WGSL, [['x', x]], nchw(x.shape, meta[4], meta[5]), meta)[0];
  },
};

export const avgPool2dGradKernel: KernelConfig<'AvgPool2DGrad', WebGpuBackend> = {
  name: 'AvgPool2DGrad',
  backend: 'webgpu',
  run: ({ dy }, attrs, gpu) => {
    assertSupported('AvgPool2DGrad', dy.dtype);
    const meta = P.poolMeta(attrs.inputShape, attrs, attrs.countIncludePad);
    return runPool(gpu, 'AvgPool2DGrad', P.AVG_POOL_GRAD_BODY, P.AVG_DIVISOR_WGSL, [['dy', dy]], attrs.inputShape, meta)[0];
  },
};

export const adaptiveAvgPool2dKernel: KernelConfig<'AdaptiveAvgPool2D', WebGpuBackend> = {
  name: 'AdaptiveAvgPool2D',
  backend: 'webgpu',
  run: ({ x }, { outSize: [oh, ow] }, gpu) => {
    assertSupported('AdaptiveAvgPool2D', x.dtype);
    const meta = [0, x.shape[0] * x.shape[1], x.shape[2], x.shape[3], oh, ow, 0, 0, 0, 0, 0, 0, 0];
    return runPool(gpu, 'AdaptiveAvgPool2D', P.ADAPTIVE_BODY, P.ADAPTIVE_WGSL, [['x', x]], nchw(x.shape, oh, ow), meta)[0];
  },
};

export const adaptiveAvgPool2dGradKernel: KernelConfig<'AdaptiveAvgPool2DGrad', WebGpuBackend> = {
  name: 'AdaptiveAvgPool2DGrad',
  backend: 'webgpu',
  run: ({ dy }, { inputShape }, gpu) => {
    assertSupported('AdaptiveAvgPool2DGrad', dy.dtype);
    const meta = [0, inputShape[0] * inputShape[1], inputShape[2], inputShape[3], dy.shape[2], dy.shape[3], 0, 0, 0, 0, 0, 0, 0];
    return runPool(gpu, 'AdaptiveAvgPool2DGrad', P.ADAPTIVE_GRAD_BODY, P.ADAPTIVE_WGSL, [['dy', dy]], inputShape, meta)[0];
  },
};
