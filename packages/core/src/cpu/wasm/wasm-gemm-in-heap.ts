import type { GemmOperand, GemmOutput } from '../gemm.js';
import type { GemmThreadPool } from './gemm-thread-pool.js';
import { TILE_BYTES } from './gemm-worker-loop.js';
import type { TensorHeap } from './tensor-heap.js';
import { sharedGemmModule, type GemmExports, type WasmMode } from './wasm-gemm-instance.js';
import { align64, extent, packedFloats, runGemmLoops, zeroRows } from './wasm-gemm-loops.js';

/**
 * The WebAssembly GEMM on the tensor heap: the shared-memory build of the kernel instantiated
 * on the heap's memory (by the calling thread and by the thread pool's workers), so an operand
 * that lives in the heap is packed straight from where it is and C is updated in place; only
 * operands outside the heap (small JS arrays, arrays past the heap's growth limit) are copied
 * into a heap scratch block, as `wasm-gemm-copying.ts` copies all three where there is no
 * heap. The loop nest is `wasm-gemm-loops.ts`', so results are the same bits on any number of
 * threads.
 */

/** Per heap: a scratch block for the threads' edge tiles, copied operands and packed panels, kept between calls. */
const scratchOf = new WeakMap<TensorHeap, Float32Array>();

function scratch(heap: TensorHeap, bytes: number): Float32Array | null {
  const have = scratchOf.get(heap);
  if (have && have.byteLength >= bytes) return have;
  if (have) heap.give(have);
  scratchOf.delete(heap);
  const fresh = heap.take('float32', Math.ceil((bytes * 1.25) / 4), false);
  if (!(fresh instanceof Float32Array)) return null;
  scratchOf.set(heap, fresh);
  return fresh;
}

/** Byte range [start, end) of an operand's span in the heap, or null when it is not in the heap. */
function span(heap: TensorHeap, data: Float32Array, offset: number, len: number): [number, number] | null {
  const at = heap.addressOf(data);
  return at < 0 ? null : [at + offset * 4, at + (offset + len) * 4];
}

const overlaps = (x: [number, number] | null, y: [number, number] | null): boolean => x !== null && y !== null && x[0] < y[1] && y[0] < x[1];

/**
 * `c = a @ b` (or `+=` when accumulating) on `heap` for float32 operands, m, n, k > 0, on the
 * calling thread, splitting large macro calls over `pool` (which must run on `heap`'s memory)
 * when one is given. Returns false, having written nothing, when the heap cannot hold the scratch.
 */
export function gemmWasmInHeap(
  mode: WasmMode, heap: TensorHeap, pool: GemmThreadPool | null,
  m: number, n: number, k: number,
  a: GemmOperand & { data: Float32Array }, b: GemmOperand & { data: Float32Array }, c: GemmOutput & { data: Float32Array },
  accumulate: boolean,
): boolean {
  const packed = packedFloats(m, n, k);
  const aLen = extent(m, k, a.rowStride, a.colStride);
  const bLen = extent(k, n, b.rowStride, b.colStride);
  const cLen = extent(m, n, c.ld, 1);
  const cSpan = span(heap, c.data, c.offset, cLen);
  // An input that shares memory with C is copied first, as the copying GEMM would read it.
  let aSpan = span(heap, a.data, a.offset, aLen);
  if (overlaps(aSpan, cSpan)) aSpan = null;
  let bSpan = span(heap, b.data, b.offset, bLen);
  if (overlaps(bSpan, cSpan)) bSpan = null;
  // Scratch layout: every thread's edge tile, then copies of the operands outside the heap, then packed panels.
  let bytes = (pool?.size ?? 1) * TILE_BYTES;
  const place = (len: number): number => {
    const at = bytes;
    bytes = align64(bytes + len * 4);
    return at;
  };
  const aCopy = aSpan ? -1 : place(aLen);
  const bCopy = bSpan ? -1 : place(bLen);
  const cCopy = cSpan ? -1 : place(cLen);
  const paAt = place(packed.a);
  const pbAt = place(packed.b);
  const mem = scratch(heap, bytes);
  if (!mem) return false;
  const base = heap.addressOf(mem);
  if (aCopy >= 0) mem.set(a.data.subarray(a.offset, a.offset + aLen), aCopy / 4);
  if (bCopy >= 0) mem.set(b.data.subarray(b.offset, b.offset + bLen), bCopy / 4);
  if (cCopy >= 0) mem.set(c.data.subarray(c.offset, c.offset + cLen), cCopy / 4);
  const aPtr = aSpan ? aSpan[0] : base + aCopy;
  const bPtr = bSpan ? bSpan[0] : base + bCopy;
  const cPtr = cSpan ? cSpan[0] : base + cCopy;
  if (!accumulate) {
    if (cSpan) zeroRows(c.data, c.offset, m, n, c.ld);
    else zeroRows(mem, cCopy / 4, m, n, c.ld);
  }
  const kernels = heap.instantiate<GemmExports>(sharedGemmModule(mode));
  runGemmLoops(kernels, pool, m, n, k, aPtr, a, bPtr, b, cPtr, c.ld, base + paAt, base + pbAt, base);
  if (cCopy >= 0) c.data.set(mem.subarray(cCopy / 4, cCopy / 4 + cLen), c.offset);
  return true;
}
