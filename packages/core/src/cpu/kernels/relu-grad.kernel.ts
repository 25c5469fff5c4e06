import type { KernelConfig } from '../../backend/kernel-registry.js';
import type { TypedArray } from '../../tensor/dtype.js';
import type { CpuBackend } from '../cpu-backend.js';
import { valuesOf } from '../cpu-data.js';
import { forEachRow } from '../strided.js';
import { reluGradRowsWasm, type RowCallback } from '../wasm/vector-rows.js';
import { bitsOf, reluGradBitsRow } from './float32-bits.js';

/** `y > 0 ? dy : 0` for float64. */
function rowAny(o: TypedArray, dy: TypedArray, y: TypedArray, io: number, id: number, iy: number, n: number, sd: number, sy: number): void {
  for (let i = 0; i < n; i++, id += sd, iy += sy) o[io + i] = y[iy] > 0 ? dy[id] : 0;
}

/**
 * ReLU's gradient in one pass (PyTorch's threshold_backward): replaces the compare and select
 * the op layer would otherwise run, and their bool temporary; float32 runs branch-free on bit
 * masks (`float32-bits.ts`), on the WASM vector kernel (the same masks) when every array is in
 * the tensor heap. A NaN output passes no gradient, as `where(y > 0, dy, 0)` does.
 */
export const reluGradKernel: KernelConfig<'ReluGrad', CpuBackend> = {
  name: 'ReluGrad',
  backend: 'cpu',
  run: ({ dy, y }, _attrs, cpu) => {
    const out = cpu.outputToOverwrite(dy.dtype, y.shape);
    const o = out.values;
    const dv = valuesOf(dy);
    const yv = valuesOf(y);
    if (o instanceof Float32Array && dv instanceof Float32Array && yv instanceof Float32Array) {
      // The bit views are made on the first row that runs in JS: heap arrays' rows mostly run in WebAssembly.
      let ob: Int32Array | undefined, db: Int32Array | undefined, yb: Int32Array | undefined;
      const js: RowCallback = (io, offs, n, steps) =>
        reluGradBitsRow((ob ??= bitsOf(o)), (db ??= bitsOf(dv)), (yb ??= bitsOf(yv)), io, offs[0], offs[1], n, steps[0], steps[1]);
      forEachRow(y.shape, [dy, y], reluGradRowsWasm(o, dv, yv, js) ?? js);
    } else {
      forEachRow(y.shape, [dy, y], (io, offs, n, steps) => rowAny(o, dv, yv, io, offs[0], offs[1], n, steps[0], steps[1]));
    }
    return out;
  },
};
