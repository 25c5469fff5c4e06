import type { KernelConfig } from '@flint/core';
import { assertSupported } from '../unsupported.js';
import type { WebGpuBackend } from '../webgpu-backend.js';
import { convert, floatBits, wgslType } from '../wgsl.js';
import { runElementwise } from './elementwise.program.js';

/** Fill, Cast, Where and Clamp: elementwise kernels with their own shapes of input. */

export const fillKernel: KernelConfig<'Fill', WebGpuBackend> = {
  name: 'Fill',
  backend: 'webgpu',
  run: (_inputs, { shape, dtype, value }, gpu) => {
    assertSupported('Fill', dtype);
    const bits = dtype === 'float32' ? floatBits(value) : dtype === 'int32' ? value | 0 : value ? 1 : 0;
    const t = wgslType(dtype);
    return runElementwise(gpu, { kernel: 'Fill', expr: () => `bitcast<${t}>(prm[extra(0u)])` }, [], dtype, shape, [bits]);
  },
};

export const castKernel: KernelConfig<'Cast', WebGpuBackend> = {
  name: 'Cast',
  backend: 'webgpu',
  run: ({ x }, { dtype }, gpu) => {
    assertSupported('Cast', x.dtype, dtype);
    return runElementwise(gpu, { kernel: 'Cast', expr: ([v]) => convert(v, x.dtype, dtype) }, [x], dtype, x.shape);
  },
};

export const whereKernel: KernelConfig<'Where', WebGpuBackend> = {
  name: 'Where',
  backend: 'webgpu',
  run: ({ cond, a, b }, { outShape }, gpu) => {
    assertSupported('Where', cond.dtype, a.dtype, b.dtype);
    const tc = wgslType(cond.dtype);
    const expr = ([c, va, vb]: string[]): string => `select(${convert(vb, b.dtype, a.dtype)}, ${va}, ${c} != ${tc}(0))`;
    return runElementwise(gpu, { kernel: 'Where', expr }, [cond, a, b], a.dtype, outShape);
  },
};

export const clampKernel: KernelConfig<'Clamp', WebGpuBackend> = {
  name: 'Clamp',
  backend: 'webgpu',
  run: ({ x }, { min, max }, gpu) => {
    assertSupported('Clamp', x.dtype);
    const t = wgslType(x.dtype);
    // Bounds travel as f32 bits (they may be ±Infinity); integers compare in f32. NaN passes.
    const helpers = `
fn clampv(v: ${t}) -> ${t} {
  let mn = bitcast<f32>(prm[extra(0u)]);
  let mx = bitcast<f32>(prm[extra(1u)]);
  if (f32(v) < mn) { return ${t}(mn); }
  if (f32(v) > mx) { return ${t}(mx); }
  return v;
}`;
    return runElementwise(gpu, { kernel: 'Clamp', helpers, expr: ([v]) => `clampv(${v})` }, [x], x.dtype, x.shape, [floatBits(min), floatBits(max)]);
  },
};

export const elementwiseKernels = [fillKernel, castKernel, whereKernel, clampKernel];
