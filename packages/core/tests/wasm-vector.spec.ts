import { afterAll, describe, expect, it } from 'vitest';
import { SGD, Adam, AdamW, add, div, mul, neg, noGrad, relu, sub, tensor, type Tensor } from '../src/index.js';
import { setCpuKernelMode } from '../src/cpu/wasm/cpu-kernel-mode.js';
import { tensorHeap, createTensorHeap } from '../src/cpu/wasm/tensor-heap.js';
import { vectorKernelsOn, type VectorExports } from '../src/cpu/wasm/vector-wasm.js';
import { binaryRowsF32 } from '../src/cpu/kernels/float32-rows.js';
import { bitsOf, reluBitsRow, reluGradBitsRow } from '../src/cpu/kernels/float32-bits.js';

/**
 * The WASM vector kernels (wasm/vector-wat.ts) against the JavaScript rows they replace, bit
 * for bit: directly on a heap of their own at odd lengths and special values, then through the
 * ops, with the CPU backend's heap on (WASM path) and off (the 'js' kernel mode).
 */

afterAll(() => setCpuKernelMode('auto'));

const SPECIAL = [0, -0, 1, -1, 0.5, 3.4e38, -3.4e38, 1e-45, -1e-45, 1.17e-38, Infinity, -Infinity, NaN, 7, -7.25, 1e-7];

/** Deterministic values mixing ordinary numbers and the special ones. */
function values(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s % 5 === 0 ? SPECIAL[(s >>> 8) % SPECIAL.length] : (s / 2 ** 32 - 0.5) * 20;
  }
  return out;
}

/** Bits, with every NaN as one pattern (NaN payloads are not specified by IEEE or JS). */
const bits = (a: Float32Array): number[] => [...new Uint32Array(a.slice().buffer)].map((b, i) => (Number.isNaN(a[i]) ? -1 : b));

const LENGTHS = [1, 3, 4, 5, 8, 1023];

describe('WASM vector kernels equal the JavaScript rows bit for bit', () => {
  const heap = createTensorHeap({ initialPages: 1, maximumPages: 256 });
  const k = vectorKernelsOn(heap) as VectorExports;
  const f32 = (src: Float32Array): Float32Array => {
    const out = heap.take('float32', src.length, false) as Float32Array;
    out.set(src);
    return out;
  };
  const at = (a: Float32Array): number => heap.addressOf(a);

  for (const op of ['add', 'sub', 'mul', 'div'] as const) {
    const name = (op[0].toUpperCase() + op.slice(1)) as 'Add' | 'Sub' | 'Mul' | 'Div';
    const row = binaryRowsF32[name];
    if (!row) throw new Error(`no float32 row for ${name}`);
    it(`${op}: same shape, scalar right, scalar left, lengths ${LENGTHS.join(', ')}`, () => {
      for (const n of LENGTHS) {
        const a = f32(values(n, 1 + n)), b = f32(values(n, 2 + n));
        for (const [variant, sa, sb] of [['VV', 1, 1], ['VS', 1, 0], ['SV', 0, 1]] as const) {
          const got = f32(new Float32Array(n));
          const want = new Float32Array(n);
          if (variant === 'VV') k[`${op}VV`](at(got), at(a), at(b), n);
          else if (variant === 'VS') k[`${op}VS`](at(got), at(a), b[0], n);
          else k[`${op}SV`](at(got), a[0], at(b), n);
          row(want, a, b, 0, 0, 0, n, sa, sb);
          expect(bits(got), `${op}${variant} n=${n}`).toEqual(bits(want));
        }
      }
    });
  }

  it('neg, relu and reluGrad, lengths 1 to 1023', () => {
    for (const n of LENGTHS) {
      const x = f32(values(n, 3 + n)), dy = f32(values(n, 4 + n));
      const got = f32(new Float32Array(n));
      const want = new Float32Array(n);
      k.neg(at(got), at(x), n);
      for (let i = 0; i < n; i++) want[i] = -x[i];
      expect(bits(got), `neg n=${n}`).toEqual(bits(want));
      k.relu(at(got), at(x), n);
      reluBitsRow(bitsOf(want), bitsOf(x), 0, 0, n, 1);
      // ReLU copies bits, NaN payloads included: compare raw bits.
      expect([...bitsOf(got)], `relu n=${n}`).toEqual([...bitsOf(want)]);
      k.reluGrad(at(got), at(dy), at(x), n);
      reluGradBitsRow(bitsOf(want), bitsOf(dy), bitsOf(x), 0, 0, 0, n, 1, 1);
      expect([...bitsOf(got)], `reluGrad n=${n}`).toEqual([...bitsOf(want)]);
    }
  });

  it('work at an element offset that is not 16-byte aligned', () => {
    const a = f32(values(1030, 9)), b = f32(values(1030, 10));
    const got = f32(new Float32Array(1030));
    const want = new Float32Array(1030);
    k.mulVV(at(got) + 4, at(a) + 12, at(b) + 8, 1021);
    binaryRowsF32.Mul?.(want, a, b, 1, 3, 2, 1021, 1, 1);
    expect(bits(got)).toEqual(bits(want));
  });
});

/** Runs `f` with the CPU backend's heap on and off and returns both results' bits. */
function bothPaths(f: () => Tensor): { wasm: number[]; js: number[] } {
  const run = (): number[] => {
    const t = f();
    const out = bits(t.dataSync() as Float32Array);
    t.dispose();
    return out;
  };
  setCpuKernelMode('auto');
  const wasm = run();
  setCpuKernelMode('js');
  const js = run();
  setCpuKernelMode('auto');
  return { wasm, js };
}

describe('elementwise ops on heap tensors (WASM path) equal the js kernel mode', () => {
  it('tensors of 64 floats and more live in the heap', () => {
    const t = tensor(values(64, 1), { shape: [64] });
    const view = t.storage.backend.hostView?.(t.storage.dataId);
    expect(view && tensorHeap()?.addressOf(view)).toBeGreaterThanOrEqual(0);
    t.dispose();
  });

  const x = (n: number, m: number, seed: number): Tensor => tensor(values(n * m, seed), { shape: [n, m] });
  const cases: Array<[string, () => Tensor]> = [
    ['add same shape 33x31', () => add(x(33, 31, 1), x(33, 31, 2))],
    ['add bias row [128,257] + [257]', () => add(x(128, 257, 3), tensor(values(257, 4)))],
    ['sub scalar left 3 - [40,27]', () => sub(tensor(3), x(40, 27, 5))],
    ['mul by a scalar [1023] * 0.05 (the scalar outside the heap)', () => mul(tensor(values(1023, 6)), 0.05)],
    ['add a small bias outside the heap [64,10] + [10]', () => add(x(64, 10, 16), tensor(values(10, 17)))],
    ['div column broadcast [64,33] / [64,1]', () => div(x(64, 33, 7), x(64, 1, 8))],
    ['add transposed (non-contiguous) [65,70]^T + [70,65]', () => add(x(65, 70, 9).transpose(0, 1), x(70, 65, 10))],
    ['neg [31,33]', () => neg(x(31, 33, 11))],
    ['relu [1023]', () => relu(tensor(values(1023, 12)))],
    ['relu of a non-contiguous view', () => relu(x(40, 50, 13).transpose(0, 1))],
    ['relu gradient [97,33]', () => {
      const p = tensor(values(97 * 33, 14), { shape: [97, 33], requiresGrad: true });
      relu(p).mul(x(97, 33, 15)).sum().backward();
      if (!p.grad) throw new Error('no gradient');
      return p.grad;
    }],
  ];
  for (const [name, f] of cases) {
    it(name, () => {
      const { wasm, js } = bothPaths(f);
      expect(wasm).toEqual(js);
    });
  }
});

describe('fused optimizer steps on heap tensors (WASM path) equal the js kernel mode', () => {
  const N = 1023;
  const run = (make: (p: Tensor) => { step(): void }): Tensor => {
    const p = tensor(values(N, 1), { requiresGrad: true });
    const opt = make(p);
    for (let s = 0; s < 3; s++) {
      p.grad = tensor(values(N, 10 + s).map((v) => (Number.isFinite(v) ? v : 0.5)));
      opt.step();
    }
    return noGrad(() => p.detach());
  };
  const sgd = [
    { momentum: 0, dampening: 0, nesterov: false, weightDecay: 0, maximize: false },
    { momentum: 0.9, dampening: 0.1, nesterov: false, weightDecay: 0.01, maximize: false },
    { momentum: 0.8, dampening: 0, nesterov: true, weightDecay: 0.003, maximize: true },
  ];
  for (const o of sgd) {
    it(`SGD ${JSON.stringify(o)}`, () => {
      const { wasm, js } = bothPaths(() => run((p) => new SGD([p], { lr: 0.05, ...o })));
      expect(wasm).toEqual(js);
    });
  }
  const adam = [
    { weightDecay: 0, amsgrad: false, maximize: false, decoupled: false },
    { weightDecay: 0.02, amsgrad: true, maximize: false, decoupled: false },
    { weightDecay: 0.01, amsgrad: true, maximize: true, decoupled: true },
  ];
  for (const { decoupled, ...o } of adam) {
    it(`Adam ${JSON.stringify({ decoupled, ...o })}`, () => {
      const opts = { lr: 0.01, betas: [0.9, 0.99] as [number, number], eps: 1e-8, ...o };
      const { wasm, js } = bothPaths(() => run((p) => (decoupled ? new AdamW([p], opts) : new Adam([p], opts))));
      expect(wasm).toEqual(js);
    });
  }
});
