import type { KernelConfig, KernelName } from '@flint/core';
import type { WebGpuBackend } from './webgpu-backend.js';
import { argReduceKernels } from './kernels/arg-reduce.kernel.js';
import { batchMatMulKernel } from './kernels/batch-matmul.kernel.js';
import { binaryKernels } from './kernels/binary.kernel.js';
import { copyIntoKernel } from './kernels/copy-into.kernel.js';
import { elementwiseKernels } from './kernels/elementwise.kernel.js';
import { reduceKernels } from './kernels/reduce.kernel.js';
import { unaryKernels } from './kernels/unary.kernel.js';
import { conv2dBackpropFilterKernel, conv2dBackpropInputKernel, conv2dKernel } from './kernels/conv2d.kernel.js';
import { gatherKernel, scatterAddKernel } from './kernels/gather.kernel.js';
import { indexSelectKernels } from './kernels/index-select.kernel.js';
import * as pool from './kernels/pool2d.kernel.js';
import { randomKernels } from './kernels/random.kernel.js';
import { optimizerStepKernels } from './kernels/optimizer-step.kernel.js';
import { flashAttentionKernels } from './kernels/flash-attention.kernel.js';

/**
 * `kernel` with its run marked in the backend's `OpContext`, so that an allocation or
 * validation error raised while it runs names the kernel and its input shapes.
 */
function traced<K extends KernelName>(kernel: KernelConfig<K, WebGpuBackend>): KernelConfig<K, WebGpuBackend> {
  const { name, run } = kernel;
  return {
    name,
    backend: kernel.backend,
    run: (inputs, attrs, gpu) => {
      gpu.ops.enter(name, inputs, attrs);
      try {
        return run(inputs, attrs, gpu);
      } finally {
        gpu.ops.exit();
      }
    },
  };
}

const kernels = [
  ...binaryKernels,
  ...unaryKernels,
  ...elementwiseKernels,
  copyIntoKernel,
  ...reduceKernels,
  ...argReduceKernels,
  batchMatMulKernel,
  conv2dKernel,
  conv2dBackpropInputKernel,
  conv2dBackpropFilterKernel,
  pool.maxPool2dKernel,
  pool.maxPool2dGradKernel,
  pool.avgPool2dKernel,
  pool.avgPool2dGradKernel,
  pool.adaptiveAvgPool2dKernel,
  pool.adaptiveAvgPool2dGradKernel,
  gatherKernel,
  scatterAddKernel,
  ...indexSelectKernels,
  ...randomKernels,
  ...optimizerStepKernels,
  ...flashAttentionKernels,
] as unknown as readonly KernelConfig<KernelName, WebGpuBackend>[];

/** Every kernel the WebGPU backend registers. */
export const webgpuKernels: readonly KernelConfig<KernelName, never>[] = kernels.map(traced) as unknown as readonly KernelConfig<KernelName, never>[];
