import { wasmVector, type VectorExports } from './vector-wasm.js';

/** Names of the vector module's binary kernels: vector-vector, vector-scalar, scalar-vector. */
type BinaryKernelName = Extract<keyof VectorExports, `${VectorBinaryOp}${'VV' | 'VS' | 'SV'}`>;

/** A row callback of `forEachRow` (`strided.ts`). */
export type RowCallback = (io: number, offs: Int32Array, n: number, steps: Int32Array) => void;

/** Rows shorter than this run in JavaScript: a call into WebAssembly costs about as much as a few elements. */
const MIN_WASM_ROW = 8;

/** The binary ops the vector module has. */
export type VectorBinaryOp = 'add' | 'sub' | 'mul' | 'div';

const BINARY: Record<VectorBinaryOp, readonly [BinaryKernelName, BinaryKernelName, BinaryKernelName]> = {
  add: ['addVV', 'addVS', 'addSV'],
  sub: ['subVV', 'subVS', 'subSV'],
  mul: ['mulVV', 'mulVS', 'mulSV'],
  div: ['divVV', 'divVS', 'divSV'],
};

/**
 * Row callbacks of a float32 binary op on the WASM vector kernels, for `forEachRow` over the
 * operands `[a, b]` into the dense output `o`: a row whose operands step by 1 runs in
 * WebAssembly when both are in the tensor heap; a row with one operand broadcast (step 0: a
 * bias column, `x * 0.5`) passes that operand's value, so only the other must be in the heap.
 * Any other row (strided, both broadcast, short) runs through `js`. Null when the kernels are
 * off or the arrays are not in the heap: the caller then runs `js` on every row. Both paths
 * give the same bits.
 */
export function binaryRowsWasm(op: VectorBinaryOp, o: Float32Array, a: Float32Array, b: Float32Array, js: RowCallback): RowCallback | null {
  const wasm = wasmVector();
  if (!wasm) return null;
  const { heap, kernels } = wasm;
  const po = heap.addressOf(o), pa = heap.addressOf(a), pb = heap.addressOf(b);
  if (po < 0 || (pa < 0 && pb < 0)) return null;
  const [vvName, vsName, svName] = BINARY[op];
  const vv = kernels[vvName], vs = kernels[vsName], sv = kernels[svName];
  return (io, offs, n, steps) => {
    const sa = steps[0], sb = steps[1];
    if (n >= MIN_WASM_ROW) {
      const oo = po + 4 * io;
      if (sa === 1 && sb === 1 && pa >= 0 && pb >= 0) return vv(oo, pa + 4 * offs[0], pb + 4 * offs[1], n);
      if (sa === 1 && sb === 0 && pa >= 0) return vs(oo, pa + 4 * offs[0], b[offs[1]], n);
      if (sa === 0 && sb === 1 && pb >= 0) return sv(oo, a[offs[0]], pb + 4 * offs[1], n);
    }
    js(io, offs, n, steps);
  };
}

/** Row callbacks of `neg` or `relu` on the WASM vector kernels (contiguous rows), else `js`; null as {@link binaryRowsWasm}. */
export function unaryRowsWasm(kernel: 'neg' | 'relu', o: Float32Array, x: Float32Array, js: RowCallback): RowCallback | null {
  const wasm = wasmVector();
  if (!wasm) return null;
  const po = wasm.heap.addressOf(o), px = wasm.heap.addressOf(x);
  if (po < 0 || px < 0) return null;
  const run = wasm.kernels[kernel];
  return (io, offs, n, steps) => {
    if (steps[0] === 1 && n >= MIN_WASM_ROW) run(po + 4 * io, px + 4 * offs[0], n);
    else js(io, offs, n, steps);
  };
}

/** Row callbacks of ReLU's gradient over `[dy, y]` on the WASM vector kernel, else `js`; null as {@link binaryRowsWasm}. */
export function reluGradRowsWasm(o: Float32Array, dy: Float32Array, y: Float32Array, js: RowCallback): RowCallback | null {
  const wasm = wasmVector();
  if (!wasm) return null;
  const { heap, kernels } = wasm;
  const po = heap.addressOf(o), pd = heap.addressOf(dy), py = heap.addressOf(y);
  if (po < 0 || pd < 0 || py < 0) return null;
  return (io, offs, n, steps) => {
    if (steps[0] === 1 && steps[1] === 1 && n >= MIN_WASM_ROW) kernels.reluGrad(po + 4 * io, pd + 4 * offs[0], py + 4 * offs[1], n);
    else js(io, offs, n, steps);
  };
}
