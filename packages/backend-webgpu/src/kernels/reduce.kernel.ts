import type { DType, KernelConfig } from '@flint/core';
import { contiguousStrides } from '@flint/core/kernel-kit';
import { gpuDataOf } from '../gpu-data.js';
import { assertSupported } from '../unsupported.js';
import type { WebGpuBackend } from '../webgpu-backend.js';
import { bindings, grid, groupMain, highest, lowest, wgslType, WG } from '../wgsl.js';
import type { ReduceKernelName } from '@flint/core/kernel-kit';

interface Reducer {
  readonly init: (d: DType) => string;
  readonly combine: (acc: string, v: string) => string;
}

// Max and Min let NaN win, as the CPU backend does.
const reducers: Record<ReduceKernelName, Reducer> = {
  Sum: { init: (d) => `${wgslType(d)}(0)`, combine: (a, v) => `${a} + ${v}` },
  Prod: { init: (d) => `${wgslType(d)}(1)`, combine: (a, v) => `${a} * ${v}` },
  Max: { init: lowest, combine: (a, v) => `select(${a}, ${v}, ${v} > ${a} || ${v} != ${v})` },
  Min: { init: highest, combine: (a, v) => `select(${a}, ${v}, ${v} < ${a} || ${v} != ${v})` },
};

/**
 * Meta: [outputs, R, nKeep, keepShape..., keepStrides..., nRed, redShape..., redStrides...].
 * `src(o, r)` is the input element of output o's r-th reduced element.
 */
export const REDUCE_INDEX_WGSL = `
fn src(o: u32, r: u32) -> u32 {
  let nk = u32(prm[2]);
  var off = 0u;
  var rem = o;
  for (var d = i32(nk) - 1; d >= 0; d--) {
    let size = u32(prm[3 + d]);
    off += (rem % size) * u32(prm[3 + i32(nk) + d]);
    rem = rem / size;
  }
  let base = 3u + 2u * nk;
  let nr = u32(prm[base]);
  rem = r;
  for (var d = i32(nr) - 1; d >= 0; d--) {
    let size = u32(prm[i32(base) + 1 + d]);
    off += (rem % size) * u32(prm[i32(base) + 1 + i32(nr) + d]);
    rem = rem / size;
  }
  return off;
}`;

/** The meta block of a reduction of a dense `shape` over `axes`. */
export function reduceMeta(shape: readonly number[], axes: readonly number[]): { meta: number[]; outputs: number; r: number } {
  const strides = contiguousStrides(shape);
  const keep = shape.map((_, i) => i).filter((i) => !axes.includes(i));
  const red = [...axes].sort((a, b) => a - b);
  const outputs = keep.reduce((p, i) => p * shape[i], 1);
  const r = red.reduce((p, i) => p * shape[i], 1);
  const meta = [outputs, r, keep.length, ...keep.map((i) => shape[i]), ...keep.map((i) => strides[i])];
  meta.push(red.length, ...red.map((i) => shape[i]), ...red.map((i) => strides[i]));
  return { meta, outputs, r };
}

/** WGSL body of a workgroup tree reduction: threads stride over R, then halve in `red`. */
export function treeReduceBody(t: string, init: string, load: string, combine: (a: string, v: string) => string, store: string): string {
  return `
  let r = u32(prm[1]);
  var acc: ${t} = ${init};
  for (var j = t; j < r; j += ${WG}u) {
    let v = ${load};
    acc = ${combine('acc', 'v')};
  }
  red[t] = acc;
  workgroupBarrier();
  for (var s = ${WG / 2}u; s > 0u; s = s >> 1u) {
    if (t < s) { red[t] = ${combine('red[t]', 'red[t + s]')}; }
    workgroupBarrier();
  }
  if (t == 0u) { ${store} }`;
}

function reduceKernel(name: ReduceKernelName): KernelConfig<ReduceKernelName, WebGpuBackend> {
  const { init, combine } = reducers[name];
  return {
    name,
    backend: 'webgpu',
    run: ({ x }, { axes }, gpu) => {
      assertSupported(name, x.dtype);
      const outShape = x.shape.filter((_, i) => !axes.includes(i));
      const out = gpu.output(x.dtype, outShape);
      const { meta, outputs } = reduceMeta(x.shape, axes);
      const t = wgslType(x.dtype);
      const wgsl = (): string =>
        [
          bindings([['x', x.dtype]], [['out', x.dtype]]),
          `var<workgroup> red: array<${t}, ${WG}>;`,
          REDUCE_INDEX_WGSL,
          groupMain(`  if (o >= u32(prm[0])) { return; }\n` + treeReduceBody(t, init(x.dtype), 'x[src(o, j)]', combine, 'out[o] = red[0];')),
        ].join('\n');
      gpu.dispatch({ key: `reduce:${name}:${x.dtype}`, kernel: name, wgsl }, [gpuDataOf(x.dataId).buffer, out.dataId.buffer], meta, grid(outputs));
      return out;
    },
  };
}

export const reduceKernels = (Object.keys(reducers) as ReduceKernelName[]).map(reduceKernel);
