import type { DType, KernelConfig } from '@flint/core';
import { assertSupported } from '../unsupported.js';
import type { WebGpuBackend } from '../webgpu-backend.js';
import { wgslType } from '../wgsl.js';
import { runElementwise } from './elementwise.program.js';
import type { UnaryKernelName } from '@flint/core/kernel-kit';
import { ERF_WGSL, TANH_WGSL } from './math.wgsl.js';

/** Float ops, on an f32 value `v`. */
const floatOps: Partial<Record<UnaryKernelName, (v: string) => string>> = {
  Exp: (v) => `exp(${v})`,
  Log: (v) => `log(${v})`,
  Sqrt: (v) => `sqrt(${v})`,
  Rsqrt: (v) => `1.0 / sqrt(${v})`,
  Tanh: (v) => `tanhf(${v})`,
  Sigmoid: (v) => `1.0 / (1.0 + exp(-${v}))`,
  Erf: (v) => `erff(${v})`,
  Sin: (v) => `sin(${v})`,
  Cos: (v) => `cos(${v})`,
  Floor: (v) => `floor(${v})`,
  Ceil: (v) => `ceil(${v})`,
  // WGSL's round is round-half-to-even, as PyTorch's.
  Round: (v) => `round(${v})`,
};

/** Ops that keep the input's type, on a value `v` of WGSL type `t`. */
const typedOps: Partial<Record<UnaryKernelName, (v: string, t: string) => string>> = {
  Neg: (v, t) => (t === 'u32' ? v : `-${v}`),
  Abs: (v, t) => (t === 'u32' ? v : `abs(${v})`),
  Sign: (v, t) => (t === 'u32' ? v : `sign(${v})`),
  Relu: (v, t) => `select(${t}(0), ${v}, ${v} > ${t}(0) || ${v} != ${v})`,
  LogicalNot: (v, t) => `select(${t}(0), ${t}(1), ${v} == ${t}(0))`,
  Copy: (v) => v,
};

const NAMES = [...Object.keys(floatOps), ...Object.keys(typedOps)] as UnaryKernelName[];

function unaryKernel(name: UnaryKernelName): KernelConfig<UnaryKernelName, WebGpuBackend> {
  return {
    name,
    backend: 'webgpu',
    run: ({ x }, _attrs, gpu) => {
      assertSupported(name, x.dtype);
      const t = wgslType(x.dtype);
      const dtype: DType = x.dtype;
      const floatOp = floatOps[name];
      const typed = typedOps[name];
      const expr = ([v]: string[]): string => {
        if (typed || !floatOp) return (typed ?? ((u: string) => u))(`(${v})`, t);
        // Integer inputs compute in f32 and store back truncated, as the CPU's typed arrays do.
        const r = floatOp(t === 'f32' ? `(${v})` : `f32(${v})`);
        return t === 'f32' ? r : `${t}(${r})`;
      };
      const helpers = name === 'Erf' ? ERF_WGSL : name === 'Tanh' ? TANH_WGSL : '';
      return runElementwise(gpu, { kernel: name, helpers, expr }, [x], dtype, x.shape);
    },
  };
}

export const unaryKernels = NAMES.map(unaryKernel);
