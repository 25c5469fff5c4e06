import { spawnSync } from 'node:child_process';
import { setFlagsFromString } from 'node:v8';
import { afterAll, describe, expect, it } from 'vitest';
import { cpuKernelMode, setCpuKernelMode } from '../src/cpu/wasm/cpu-kernel-mode.js';
import type { CpuKernelMode } from '../src/cpu/wasm/cpu-kernel-mode.js';
import { gemm } from '../src/cpu/gemm.js';
import { FlintError } from '../src/tensor/errors.js';

// Both WebAssembly builds run the same cases: Node 20 needs this flag for the relaxed one.
setFlagsFromString('--experimental-wasm-relaxed-simd');
afterAll(() => setCpuKernelMode('auto'));

const rand = (n: number, seed: number): Float64Array => {
  let s = seed;
  return Float64Array.from({ length: n }, () => (s = (s * 16807) % 2147483647) / 2147483647 - 0.5);
};

interface Case {
  m: number; n: number; k: number;
  ta: boolean; tb: boolean;
}

/** Runs one product through `gemm` in float32 and returns the worst error against float64, scaled by sqrt(k). */
function worstError({ m, n, k, ta, tb }: Case, accumulate: boolean): number {
  const a64 = rand(m * k, m * 7 + k);
  const b64 = rand(k * n, n * 3 + k);
  const [aRs, aCs] = ta ? [1, m] : [k, 1];
  const [bRs, bCs] = tb ? [1, k] : [n, 1];
  const want = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let p = 0; p < k; p++) {
    const av = a64[i * aRs + p * aCs];
    for (let j = 0; j < n; j++) want[i * n + j] += av * b64[p * bRs + j * bCs];
  }
  // C sits at offset 3 in a larger buffer with ld = n + 2; the gaps must stay untouched.
  const ld = n + 2;
  const c = new Float32Array(3 + m * ld).fill(0.5);
  gemm(m, n, k, { data: new Float32Array(a64), offset: 0, rowStride: aRs, colStride: aCs }, { data: new Float32Array(b64), offset: 0, rowStride: bRs, colStride: bCs }, { data: c, offset: 3, ld }, accumulate);
  let worst = 0;
  for (let i = 0; i < m; i++) for (let j = 0; j < ld; j++) {
    const got = c[3 + i * ld + j];
    const err = j < n ? Math.abs(got - (want[i * n + j] + (accumulate ? 0.5 : 0))) / Math.sqrt(k) : got === 0.5 ? 0 : Infinity;
    worst = Math.max(worst, Number.isNaN(err) ? Infinity : err);
  }
  return Math.max(worst, c[0] === 0.5 && c[2] === 0.5 ? 0 : Infinity);
}

const cases: Case[] = [
  { m: 8, n: 8, k: 8, ta: false, tb: false },
  { m: 13, n: 3, k: 17, ta: true, tb: false },
  { m: 1, n: 40, k: 33, ta: false, tb: true },
  { m: 37, n: 29, k: 45, ta: true, tb: true },
  // k across two KC slices, n across two NC panels, odd edges on both.
  { m: 67, n: 530, k: 300, ta: false, tb: false },
  { m: 70, n: 515, k: 257, ta: true, tb: true },
  // Taller than one packed block of A (4096 rows of 256): A is packed in row chunks.
  { m: 4101, n: 9, k: 300, ta: true, tb: false },
];

describe.each<Exclude<CpuKernelMode, 'js'>>(['simd', 'relaxed-simd'])('WebAssembly GEMM, %s build', (mode) => {
  it(`is selectable and reported as '${mode}'`, () => {
    expect(setCpuKernelMode(mode)).toBe(mode);
    expect(cpuKernelMode()).toBe(mode);
  });
  for (const c of cases) {
    it(`${c.m}x${c.k} @ ${c.k}x${c.n}, A transposed ${c.ta}, B transposed ${c.tb}, write and accumulate`, () => {
      setCpuKernelMode(mode);
      expect(worstError(c, false)).toBeLessThan(2e-6);
      expect(worstError(c, true)).toBeLessThan(2e-6);
    });
  }
  it('propagates NaN and Inf as IEEE arithmetic does', () => {
    setCpuKernelMode(mode);
    const size = 40;
    const a = new Float32Array(size * size).fill(1);
    a[0] = Infinity;
    const out = new Float32Array(size * size);
    gemm(size, size, size, { data: a, offset: 0, rowStride: size, colStride: 1 }, { data: new Float32Array(size * size), offset: 0, rowStride: size, colStride: 1 }, { data: out, offset: 0, ld: size });
    expect(Number.isNaN(out[0])).toBe(true);
    expect(out[size]).toBe(0);
  });
});

describe('kernel mode selection', () => {
  it('the builds agree to float32 rounding and the JavaScript path still serves', () => {
    const c: Case = { m: 33, n: 45, k: 100, ta: false, tb: true };
    const errors = (['js', 'simd', 'relaxed-simd'] as const).map((mode) => {
      setCpuKernelMode(mode);
      return worstError(c, false);
    });
    for (const e of errors) expect(e).toBeLessThan(2e-6);
  });

  it("'auto' picks the fastest build this runtime compiles (relaxed SIMD, with the flag on)", () => {
    expect(setCpuKernelMode('auto')).toBe('relaxed-simd');
  });

  // Node 20 has relaxed SIMD behind a V8 flag, so a runtime without it can be made here; from
  // Node 22 it ships unflagged (the flag no longer exists) and every runtime compiles it.
  const relaxedSimdSwitchable = spawnSync(process.execPath, ['--v8-options'], { encoding: 'utf8' }).stdout.includes('--experimental-wasm-relaxed-simd');

  it.runIf(relaxedSimdSwitchable)('a mode the runtime cannot compile is a FlintError naming it (relaxed SIMD switched off)', () => {
    setFlagsFromString('--no-experimental-wasm-relaxed-simd');
    try {
      expect(() => setCpuKernelMode('relaxed-simd')).toThrow(FlintError);
      expect(() => setCpuKernelMode('relaxed-simd')).toThrow(/'relaxed-simd'.*enableRelaxedSimd/);
      expect(setCpuKernelMode('auto')).toBe('simd');
    } finally {
      setFlagsFromString('--experimental-wasm-relaxed-simd');
    }
  });

  it.runIf(!relaxedSimdSwitchable)('on a runtime that always has relaxed SIMD (Node 22+), the mode compiles and auto picks it', () => {
    expect(setCpuKernelMode('relaxed-simd')).toBe('relaxed-simd');
    expect(setCpuKernelMode('auto')).toBe('relaxed-simd');
  });

  it('an unknown mode is a FlintError naming it', () => {
    expect(() => setCpuKernelMode('avx' as CpuKernelMode)).toThrow(FlintError);
    expect(() => setCpuKernelMode('avx' as CpuKernelMode)).toThrow(/setCpuKernelMode: unknown mode 'avx'/);
  });
});
