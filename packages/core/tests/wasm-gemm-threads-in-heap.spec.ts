import { setFlagsFromString } from 'node:v8';
import { afterAll, describe, expect, it } from 'vitest';
import { gemm } from '../src/cpu/gemm.js';
import { setCpuKernelMode } from '../src/cpu/wasm/cpu-kernel-mode.js';
import { splitGemmJobs } from '../src/cpu/wasm/cpu-threads.js';
import { setNumThreads } from '../src/cpu/wasm/node/node-cpu-threads.js';
import { tensorHeap, type TensorHeap } from '../src/cpu/wasm/tensor-heap.js';

/**
 * The threaded GEMM on the tensor heap: the pool's workers run on the heap's memory, so heap
 * operands are packed where they are (no copy of A, B or C), products big enough are really
 * split between threads, and every result has the bits of the one-thread product, for heap
 * and JS operands, transposed views, accumulation and odd sizes, in both builds.
 */
setFlagsFromString('--experimental-wasm-relaxed-simd');
afterAll(() => {
  setNumThreads(1);
  setCpuKernelMode('auto');
});

const values = (n: number, seed: number): Float32Array => {
  let s = seed;
  return Float32Array.from({ length: n }, () => (s = (s * 16807) % 2147483647) / 2147483647 - 0.5);
};

/** Bitwise equality (vitest's deep equality walks typed arrays element by element, too slowly here). */
const sameBits = (x: Float32Array, y: Float32Array): boolean => Buffer.from(x.buffer, x.byteOffset, x.byteLength).equals(Buffer.from(y.buffer, y.byteOffset, y.byteLength));

function theHeap(): TensorHeap {
  const heap = tensorHeap();
  if (heap === null) throw new Error('no tensor heap');
  return heap;
}

/** A copy of `src` in the tensor heap. */
function inHeap(src: Float32Array): Float32Array {
  const out = theHeap().take('float32', src.length, false);
  if (!(out instanceof Float32Array)) throw new Error('the tensor heap is full');
  out.set(src);
  return out;
}

/**
 * Taken first in this file's fresh heap, so it sits at the bottom of the memory, where the
 * copying pool kept its threads' edge tiles: a worker writing anywhere but its tile in the
 * scratch block shows up here (or in A and B, checked after every product).
 */
const CANARY = values(4096, 99);
const canary = inHeap(CANARY);

interface Case { m: number; n: number; k: number; ta: boolean; tb: boolean; splits: boolean }
interface Where { a: boolean; b: boolean; c: boolean }

/** C's bits after `C (+)= A @ B`, with A, B, C in the heap or not as `where` says; A at offset 5, B at 2, C at 4 with row stride n + 3. */
function product({ m, n, k, ta, tb }: Case, accumulate: boolean, where: Where): Float32Array {
  const a = values(m * k + 5, m * 7 + k);
  const b = values(k * n + 2, n * 3 + k);
  const ld = n + 3;
  const c = values(4 + m * ld, m + n);
  const [aRs, aCs] = ta ? [1, m] : [k, 1];
  const [bRs, bCs] = tb ? [1, k] : [n, 1];
  const A = where.a ? inHeap(a) : a, B = where.b ? inHeap(b) : b, C = where.c ? inHeap(c) : c;
  gemm(m, n, k, { data: A, offset: 5, rowStride: aRs, colStride: aCs }, { data: B, offset: 2, rowStride: bRs, colStride: bCs }, { data: C, offset: 4, ld }, accumulate);
  const out = C.slice();
  expect(sameBits(A, a), 'A unchanged').toBe(true);
  expect(sameBits(B, b), 'B unchanged').toBe(true);
  expect(sameBits(canary, CANARY), 'memory outside the operands unchanged').toBe(true);
  for (const [x, flag] of [[A, where.a], [B, where.b], [C, where.c]] as const) if (flag) theHeap().give(x);
  return out;
}

const CASES: Case[] = [
  // Too little work per macro call to wake the workers: the caller's thread alone.
  { m: 37, n: 29, k: 45, ta: true, tb: true, splits: false },
  // Row strips split; B transposed; k across two KC slices.
  { m: 128, n: 70, k: 300, ta: false, tb: true, splits: true },
  // Three row strips: rows on 2 threads, columns on 4; n across two NC panels.
  { m: 9, n: 600, k: 260, ta: false, tb: false, splits: true },
  // Odd edges everywhere, A transposed, two panels and two slices.
  { m: 67, n: 531, k: 301, ta: true, tb: false, splits: true },
  // One row strip: column strips split; the 6-wide last panel runs on the caller alone.
  { m: 4, n: 1030, k: 130, ta: false, tb: true, splits: true },
];
const PLACEMENTS: Where[] = [
  { a: true, b: true, c: true },
  { a: true, b: false, c: true },
  { a: false, b: true, c: false },
  { a: false, b: false, c: false },
];

describe('threaded GEMM on the tensor heap', () => {
  it('packs heap operands in place: its scratch grows by the packed panels, not by copies of A, B and C', () => {
    setCpuKernelMode('simd');
    setNumThreads(2);
    const n = 768;
    const operandBytes = n * n * 4;
    const run = (where: Where): number => {
      const before = theHeap().usage().liveBytes;
      const jobs = splitGemmJobs();
      const a = values(n * n, 1), b = values(n * n, 2), c = new Float32Array(n * n);
      const [A, B, C] = [where.a ? inHeap(a) : a, where.b ? inHeap(b) : b, where.c ? inHeap(c) : c];
      const operands = theHeap().usage().liveBytes - before;
      gemm(n, n, n, { data: A, offset: 0, rowStride: n, colStride: 1 }, { data: B, offset: 0, rowStride: n, colStride: 1 }, { data: C, offset: 0, ld: n });
      const grown = theHeap().usage().liveBytes - before - operands;
      expect(splitGemmJobs(), 'the pool split the product').toBeGreaterThan(jobs);
      for (const x of [A, B, C]) theHeap().give(x);
      return grown;
    };
    // Packed A (768 x 256) and B (256 x 512) panels plus a quarter of slack: about 1.6 MB.
    expect(run({ a: true, b: true, c: true })).toBeLessThan(operandBytes);
    // JS operands are copied into the scratch, which grows to hold all three.
    expect(run({ a: false, b: false, c: false })).toBeGreaterThanOrEqual(3 * operandBytes);
  });

  for (const mode of ['simd', 'relaxed-simd'] as const) {
    it(`${mode}: 2 and 4 threads give the 1-thread bits for heap and JS operands, views, accumulation, odd sizes`, () => {
      setCpuKernelMode(mode);
      setNumThreads(1);
      const key = (c: Case, accumulate: boolean, where: Where): string => `${JSON.stringify(c)} accumulate ${accumulate} ${JSON.stringify(where)}`;
      const want = new Map<string, Float32Array>();
      for (const c of CASES) for (const accumulate of [false, true]) for (const where of PLACEMENTS) want.set(key(c, accumulate, where), product(c, accumulate, where));
      expect(splitGemmJobs()).toBe(0);
      for (const threads of [2, 4]) {
        setNumThreads(threads);
        for (const c of CASES) {
          for (const accumulate of [false, true]) {
            for (const where of PLACEMENTS) {
              const jobs = splitGemmJobs();
              const got = product(c, accumulate, where);
              const what = `${threads} threads, ${key(c, accumulate, where)}`;
              if (c.splits) expect(splitGemmJobs(), `${what}: split between threads`).toBeGreaterThan(jobs);
              else expect(splitGemmJobs(), `${what}: not split`).toBe(jobs);
              const expected = want.get(key(c, accumulate, where));
              expect(expected !== undefined && sameBits(got, expected), `${what}: the 1-thread bits`).toBe(true);
            }
          }
        }
      }
    });
  }
});
