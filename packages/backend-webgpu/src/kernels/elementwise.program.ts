import type { DType, KernelOutput, Shape, TensorInfo } from '@flint/core';
import { sizeOf } from '@flint/core';
import { gpuDataOf } from '../gpu-data.js';
import { stridedIndexWgsl, stridedLayout, stridedMeta } from '../strided.js';
import type { WebGpuBackend } from '../webgpu-backend.js';
import { bindings, elementGrid, elementMain, wgslType } from '../wgsl.js';

/** An elementwise op: its name (cache key part), helper WGSL, and the value of one output element. */
export interface ElementwiseOp {
  readonly kernel: string;
  /** Distinguishes variants of one kernel (attributes baked into the WGSL). */
  readonly variant?: string;
  /** Extra WGSL functions the expression calls. */
  readonly helpers?: string;
  /** The output value from `v0, v1, ...` (each input loaded in its own WGSL type). */
  readonly expr: (vars: string[]) => string;
}

/**
 * Runs `op` over strided inputs into a new dense output of `outShape`: one thread per element,
 * each input read through its own strides (0 on broadcast dims).
 */
export function runElementwise(
  gpu: WebGpuBackend,
  op: ElementwiseOp,
  inputs: readonly TensorInfo[],
  outDtype: DType,
  outShape: Shape,
  extraMeta: readonly number[] = [],
): KernelOutput {
  const out = gpu.output(outDtype, outShape);
  const n = sizeOf(outShape);
  if (n === 0) return out;
  const layout = stridedLayout(outShape, inputs);
  const meta = stridedMeta(n, layout);
  meta.push(...extraMeta);
  const dtypes = inputs.map((x) => x.dtype);
  const key = `ew:${op.kernel}:${op.variant ?? ''}:${dtypes.join(',')}:${outDtype}:${layout.linear ? 'l' : 's'}`;
  const wgsl = (): string => {
    const reads = inputs.map((x, k): [string, DType] => [`in${k}`, x.dtype]);
    const loads = inputs.map((_, k) => `  let v${k} = in${k}[at(${k}u, i)];`).join('\n');
    return [
      bindings(reads, [['out', outDtype]]),
      stridedIndexWgsl(layout.linear),
      // Attribute k of the op sits after the operands' strides, wherever the rank puts them.
      `fn extra(k: u32) -> u32 { let rank = u32(prm[1]); return 2u + rank + ${inputs.length}u * (rank + 1u) + k; }`,
      op.helpers ?? '',
      elementMain(`${loads}\n  out[i] = ${wgslType(outDtype)}(${op.expr(inputs.map((_, k) => `v${k}`))});`),
    ].join('\n');
  };
  gpu.dispatch({ key, kernel: op.kernel, wgsl }, [...inputs.map((x) => gpuDataOf(x.dataId).buffer), out.dataId.buffer], meta, elementGrid(n));
  return out;
}
