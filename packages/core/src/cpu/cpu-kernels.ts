import type { KernelName } from '../backend/kernel-names.js';
import type { KernelConfig } from '../backend/kernel-registry.js';
import { argReduceKernels } from './kernels/arg-reduce.kernel.js';
import { batchMatMulKernel } from './kernels/batch-matmul.kernel.js';
import { binaryKernels } from './kernels/binary.kernel.js';
import { elementwiseKernels } from './kernels/elementwise.kernel.js';
import { gatherKernel } from './kernels/gather.kernel.js';
import { indexSelectKernels } from './kernels/index-select.kernel.js';
import { reduceKernels } from './kernels/reduce.kernel.js';
import { scatterAddKernel } from './kernels/scatter-add.kernel.js';
import { unaryKernels } from './kernels/unary.kernel.js';
import { reluGradKernel } from './kernels/relu-grad.kernel.js';
import { reluKernel } from './kernels/relu.kernel.js';
import { adaptiveAvgPool2dGradKernel, adaptiveAvgPool2dKernel } from './kernels/adaptive-avg-pool2d.kernel.js';
import { avgPool2dGradKernel, avgPool2dKernel } from './kernels/avg-pool2d.kernel.js';
import { conv2dBackpropFilterKernel } from './kernels/conv2d-backprop-filter.kernel.js';
import { conv2dBackpropInputKernel } from './kernels/conv2d-backprop-input.kernel.js';
import { conv2dKernel } from './kernels/conv2d.kernel.js';
import { maxPool2dGradKernel, maxPool2dKernel } from './kernels/max-pool2d.kernel.js';
import { optimizerStepKernels } from './kernels/optimizer-step.kernel.js';
import { logSoftmaxGradKernel, logSoftmaxKernel, softmaxGradKernel, softmaxKernel } from './kernels/softmax.kernel.js';
import { flashAttentionKernel } from './kernels/flash-attention.kernel.js';
import { flashAttentionGradKernel } from './kernels/flash-attention-grad.kernel.js';

/** Every kernel the CPU backend registers. */
export const cpuKernels: readonly KernelConfig<KernelName, never>[] = [
  ...binaryKernels,
  ...unaryKernels,
  reluKernel,
  reluGradKernel,
  ...elementwiseKernels,
  ...reduceKernels,
  ...argReduceKernels,
  batchMatMulKernel,
  gatherKernel,
  scatterAddKernel,
  ...indexSelectKernels,
  conv2dKernel,
  conv2dBackpropInputKernel,
  conv2dBackpropFilterKernel,
  maxPool2dKernel,
  maxPool2dGradKernel,
  avgPool2dKernel,
  avgPool2dGradKernel,
  adaptiveAvgPool2dKernel,
  adaptiveAvgPool2dGradKernel,
  ...optimizerStepKernels,
  softmaxKernel,
  logSoftmaxKernel,
  softmaxGradKernel,
  logSoftmaxGradKernel,
  flashAttentionKernel,
  flashAttentionGradKernel,
] as unknown as readonly KernelConfig<KernelName, never>[];
