import type { DType, KernelConfig } from '@flint/core';
import type { BinaryKernelName } from '@flint/core/kernel-kit';
import { assertSupported } from '../unsupported.js';
import type { WebGpuBackend } from '../webgpu-backend.js';
import { convert, wgslType } from '../wgsl.js';
import { runElementwise } from './elementwise.program.js';
import { POW_WGSL } from './math.wgsl.js';

type Expr = (a: string, b: string, t: string) => string;

/** Each op on a and b already converted to the compute type `t` (a's type). */
const exprs: Record<BinaryKernelName, Expr> = {
  Add: (a, b) => `${a} + ${b}`,
  Sub: (a, b) => `${a} - ${b}`,
  Mul: (a, b) => `${a} * ${b}`,
  Div: (a, b, t) => (t === 'f32' ? `${a} / ${b}` : `select(${t}(0), ${a} / ${b}, ${b} != ${t}(0))`),
  // NaN wins, as on the CPU (and in PyTorch).
  Maximum: (a, b) => `select(${b}, ${a}, ${a} > ${b} || ${a} != ${a})`,
  Minimum: (a, b) => `select(${b}, ${a}, ${a} < ${b} || ${a} != ${a})`,
  Pow: (a, b, t) => (t === 'f32' ? `powf(${a}, ${b})` : `${t}(powf(f32(${a}), f32(${b})))`),
  Equal: (a, b) => `${a} == ${b}`,
  NotEqual: (a, b) => `${a} != ${b}`,
  Greater: (a, b) => `${a} > ${b}`,
  GreaterEqual: (a, b) => `${a} >= ${b}`,
  Less: (a, b) => `${a} < ${b}`,
  LessEqual: (a, b) => `${a} <= ${b}`,
  LogicalAnd: (a, b, t) => `${a} != ${t}(0) && ${b} != ${t}(0)`,
  LogicalOr: (a, b, t) => `${a} != ${t}(0) || ${b} != ${t}(0)`,
};

const PREDICATES = new Set<BinaryKernelName>(['Equal', 'NotEqual', 'Greater', 'GreaterEqual', 'Less', 'LessEqual', 'LogicalAnd', 'LogicalOr']);

function binaryKernel(name: BinaryKernelName): KernelConfig<BinaryKernelName, WebGpuBackend> {
  const predicate = PREDICATES.has(name);
  return {
    name,
    backend: 'webgpu',
    run: ({ a, b }, { outShape }, gpu) => {
      assertSupported(name, a.dtype, b.dtype);
      const compute: DType = a.dtype;
      const t = wgslType(compute);
      const out: DType = predicate ? 'bool' : a.dtype;
      const op = {
        kernel: name,
        helpers: name === 'Pow' ? POW_WGSL : '',
        expr: ([va, vb]: string[]) => {
          const e = exprs[name](`(${va})`, `(${convert(vb, b.dtype, compute)})`, t);
          return predicate ? `select(0u, 1u, ${e})` : e;
        },
      };
      return runElementwise(gpu, op, [a, b], out, outShape);
    },
  };
}

export const binaryKernels = (Object.keys(exprs) as BinaryKernelName[]).map(binaryKernel);
