import type { GemmOperand, GemmOutput } from '../gemm.js';
import { GEMM_MR, GEMM_NR } from './gemm-tile.js';
import { TILE_BYTES } from './gemm-worker-loop.js';
import type { TensorHeap } from './tensor-heap.js';
import { gemmModule, type GemmExports, type WasmMode } from './wasm-gemm-instance.js';

/**
 * The single-threaded WebAssembly GEMM on the tensor heap: the shared-memory build of the
 * kernel instantiated on the heap's memory, so an operand that lives in the heap is packed
 * straight from where it is and C is updated in place; only operands outside the heap (im2col
 * scratch, small JS arrays) are copied into a heap scratch block, as `wasm-gemm.ts` copies all
 * three. The loop nest and every sum are those of `wasm-gemm.ts`, so results are the same bits.
 */
const MR = GEMM_MR;
const NR = GEMM_NR;
const KC = 256;
const NC = 512;
const A_BLOCK_FLOATS = 1 << 20;

const roundUp = (x: number, to: number): number => Math.ceil(x / to) * to;
const align64 = (bytes: number): number => roundUp(bytes, 64);
const extent = (rows: number, cols: number, rowStride: number, colStride: number): number => (rows - 1) * rowStride + (cols - 1) * colStride + 1;

const modules = new Map<WasmMode, WebAssembly.Module>();
/** Per heap: a scratch block for the edge tile, copied operands and packed panels, kept between calls. */
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
 * calling thread. Returns false, having written nothing, when the heap cannot hold the scratch.
 */
export function gemmWasmInHeap(
  mode: WasmMode, heap: TensorHeap,
  m: number, n: number, k: number,
  a: GemmOperand & { data: Float32Array }, b: GemmOperand & { data: Float32Array }, c: GemmOutput & { data: Float32Array },
  accumulate: boolean,
): boolean {
  const kcMax = Math.min(k, KC);
  const ncMax = roundUp(Math.min(n, NC), NR);
  const mChunk = Math.min(roundUp(m, MR), Math.max(MR, Math.floor(A_BLOCK_FLOATS / kcMax / MR) * MR));
  const aLen = extent(m, k, a.rowStride, a.colStride);
  const bLen = extent(k, n, b.rowStride, b.colStride);
  const cLen = extent(m, n, c.ld, 1);
  const cSpan = span(heap, c.data, c.offset, cLen);
  // An input that shares memory with C is copied first, as the copying GEMM would read it.
  let aSpan = span(heap, a.data, a.offset, aLen);
  if (overlaps(aSpan, cSpan)) aSpan = null;
  let bSpan = span(heap, b.data, b.offset, bLen);
  if (overlaps(bSpan, cSpan)) bSpan = null;
  // Scratch layout: edge tile, then copies of the operands outside the heap, then packed panels.
  let bytes = TILE_BYTES;
  const place = (len: number): number => {
    const at = bytes;
    bytes = align64(bytes + len * 4);
    return at;
  };
  const aCopy = aSpan ? -1 : place(aLen);
  const bCopy = bSpan ? -1 : place(bLen);
  const cCopy = cSpan ? -1 : place(cLen);
  const paAt = place(mChunk * kcMax);
  const pbAt = place(kcMax * ncMax);
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
    const [data, c0] = cSpan ? [c.data, c.offset] : [mem, cCopy / 4];
    if (c.ld === n) data.fill(0, c0, c0 + cLen);
    else for (let i = 0; i < m; i++) data.fill(0, c0 + i * c.ld, c0 + i * c.ld + n);
  }
  let module = modules.get(mode);
  if (!module) modules.set(mode, (module = gemmModule(mode, true)));
  const { packA, packB, macro } = heap.instantiate<GemmExports>(module);
  const paPtr = base + paAt;
  const pbPtr = base + pbAt;
  for (let jc = 0; jc < n; jc += NC) {
    const nc = Math.min(NC, n - jc);
    for (let pc = 0; pc < k; pc += KC) {
      const kc = Math.min(KC, k - pc);
      packB(bPtr + (pc * b.rowStride + jc * b.colStride) * 4, b.rowStride, b.colStride, kc, nc, pbPtr);
      for (let ic = 0; ic < m; ic += mChunk) {
        const mc = Math.min(mChunk, m - ic);
        packA(aPtr + (ic * a.rowStride + pc * a.colStride) * 4, a.rowStride, a.colStride, mc, kc, paPtr);
        macro(0, roundUp(mc, MR), 0, roundUp(nc, NR), mc, nc, kc, paPtr, pbPtr, cPtr + (ic * c.ld + jc) * 4, c.ld, base);
      }
    }
  }
  if (cCopy >= 0) c.data.set(mem.subarray(cCopy / 4, cCopy / 4 + cLen), c.offset);
  return true;
}
