import type { KernelConfig } from '../../backend/kernel-registry.js';
import type { TypedArray } from '../../tensor/dtype.js';
import type { CpuBackend } from '../cpu-backend.js';
import { valuesOf } from '../cpu-data.js';
import { forEachRow } from '../strided.js';
import { unaryRowsWasm, type RowCallback } from '../wasm/vector-rows.js';
import { bitsOf, reluBitsRow } from './float32-bits.js';

/** `max(x, 0)` for any other dtype (NaN kept, as in PyTorch). */
function reluRow(o: TypedArray, x: TypedArray, io: number, ix: number, n: number, sx: number): void {
  for (let i = 0; i < n; i++, ix += sx) {
    const v = x[ix];
    o[io + i] = v > 0 || v !== v ? v : 0;
  }
}

/**
 * ReLU: float32 on the WASM vector kernel when both arrays are in the tensor heap, else through
 * the branch-free bit masks of `float32-bits.ts` (the same masks); other dtypes by compare.
 */
export const reluKernel: KernelConfig<'Relu', CpuBackend> = {
  name: 'Relu',
  backend: 'cpu',
  run: ({ x }, _attrs, cpu) => {
    const out = cpu.outputToOverwrite(x.dtype, x.shape);
    const o = out.values;
    const xv = valuesOf(x);
    if (o instanceof Float32Array && xv instanceof Float32Array) {
      // The bit views are made on the first row that runs in JS: heap arrays' rows mostly run in WebAssembly.
      let ob: Int32Array | undefined, xb: Int32Array | undefined;
      const js: RowCallback = (io, offs, n, steps) => reluBitsRow((ob ??= bitsOf(o)), (xb ??= bitsOf(xv)), io, offs[0], n, steps[0]);
      forEachRow(x.shape, [x], unaryRowsWasm('relu', o, xv, js) ?? js);
    } else {
      forEachRow(x.shape, [x], (io, offs, n, steps) => reluRow(o, xv, io, offs[0], n, steps[0]));
    }
    return out;
  },
};
