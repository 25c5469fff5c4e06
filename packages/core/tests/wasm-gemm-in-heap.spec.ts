import { setFlagsFromString } from 'node:v8';
import { afterAll, describe, expect, it } from 'vitest';
import { gemm } from '../src/cpu/gemm.js';
import { cpuKernelMode, setCpuKernelMode } from '../src/cpu/wasm/cpu-kernel-mode.js';
import { tensorHeap } from '../src/cpu/wasm/tensor-heap.js';
import { gemmWasmCopying } from '../src/cpu/wasm/wasm-gemm-copying.js';

/**
 * The GEMM that reads tensor-heap operands in place (`wasm-gemm-in-heap.ts`) against the
 * copying one (`wasm-gemm-copying.ts`, the path where there is no heap): the same bits, for
 * each build, with transposed views, offsets, a C row stride wider than n, accumulation, and
 * only some operands (or none) in the heap.
 */
setFlagsFromString('--experimental-wasm-relaxed-simd');
afterAll(() => setCpuKernelMode('auto'));

const values = (n: number, seed: number): Float32Array => {
  let s = seed;
  return Float32Array.from({ length: n }, () => (s = (s * 16807) % 2147483647) / 2147483647 - 0.5);
};

/** A copy of `src` in the tensor heap. */
function inHeap(src: Float32Array): Float32Array {
  const heap = tensorHeap();
  const out = heap?.take('float32', src.length, false);
  if (!(out instanceof Float32Array)) throw new Error('no tensor heap');
  out.set(src);
  return out;
}

interface Case { m: number; n: number; k: number; ta: boolean; tb: boolean }

type Placement = { a: boolean; b: boolean; c: boolean } | 'copying';

/** C's bits after the product, with each operand in the heap or not, or all three through the copying GEMM. */
function product({ m, n, k, ta, tb }: Case, accumulate: boolean, placement: Placement): Uint32Array {
  const where = placement === 'copying' ? { a: false, b: false, c: false } : placement;
  const a = values(m * k + 5, m * 7 + k);
  const b = values(k * n + 2, n * 3 + k);
  const ld = n + 3;
  const c = new Float32Array(4 + m * ld).fill(0.25);
  const [aRs, aCs] = ta ? [1, m] : [k, 1];
  const [bRs, bCs] = tb ? [1, k] : [n, 1];
  const A = where.a ? inHeap(a) : a, B = where.b ? inHeap(b) : b, C = where.c ? inHeap(c) : c;
  const mode = cpuKernelMode();
  if (mode === 'js') throw new Error('WebAssembly kernels are off');
  const [opA, opB, opC] = [{ data: A, offset: 5, rowStride: aRs, colStride: aCs }, { data: B, offset: 2, rowStride: bRs, colStride: bCs }, { data: C, offset: 4, ld }];
  if (placement === 'copying') gemmWasmCopying(mode, m, n, k, opA, opB, opC, accumulate);
  else gemm(m, n, k, opA, opB, opC, accumulate);
  const out = new Uint32Array(C.slice().buffer);
  for (const [x, flag] of [[A, where.a], [B, where.b], [C, where.c]] as const) if (flag) tensorHeap()?.give(x);
  return out;
}

const CASES: Case[] = [
  { m: 1, n: 1, k: 1, ta: false, tb: false },
  { m: 13, n: 3, k: 17, ta: true, tb: false },
  { m: 37, n: 29, k: 45, ta: true, tb: true },
  { m: 128, n: 70, k: 300, ta: false, tb: true },
  { m: 9, n: 600, k: 260, ta: false, tb: false },
];

describe('GEMM on tensor-heap operands in place equals the copying GEMM bit for bit', () => {
  for (const mode of ['simd', 'relaxed-simd'] as const) {
    for (const c of CASES) {
      it(`${mode} ${JSON.stringify(c)}`, () => {
        setCpuKernelMode(mode);
        for (const accumulate of [false, true]) {
          const want = product(c, accumulate, 'copying');
          for (const where of [{ a: true, b: true, c: true }, { a: true, b: false, c: true }, { a: false, b: true, c: false }, { a: false, b: false, c: false }]) {
            expect(product(c, accumulate, where), `${JSON.stringify(where)} accumulate ${accumulate}`).toEqual(want);
          }
        }
      });
    }
  }

  it('copies an input that shares memory with C before C is cleared', () => {
    setCpuKernelMode('simd');
    const n = 16;
    const shared = inHeap(values(n * n * 2, 3));
    const jsCopy = shared.slice();
    // C is the first n x n block; A is the same block, so A must be read before C is zeroed.
    gemm(n, n, n, { data: shared, offset: 0, rowStride: n, colStride: 1 }, { data: shared, offset: n * n, rowStride: n, colStride: 1 }, { data: shared, offset: 0, ld: n }, false);
    const want = new Float32Array(n * n * 2);
    want.set(jsCopy);
    gemm(n, n, n, { data: jsCopy, offset: 0, rowStride: n, colStride: 1 }, { data: jsCopy.slice(), offset: n * n, rowStride: n, colStride: 1 }, { data: want, offset: 0, ld: n }, false);
    expect(new Uint32Array(shared.slice().buffer)).toEqual(new Uint32Array(want.buffer));
    tensorHeap()?.give(shared);
  });
});
