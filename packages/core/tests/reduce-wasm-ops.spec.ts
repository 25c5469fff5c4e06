import { afterAll, describe, expect, it } from 'vitest';
import { amax, avgPool2d, logSoftmax, maxPool2dWithIndices, softmax, sum, tensor, type Tensor } from '../src/index.js';
import { setCpuKernelMode, type CpuKernelMode } from '../src/cpu/wasm/cpu-kernel-mode.js';
import { tensorHeap } from '../src/cpu/wasm/tensor-heap.js';
import type { CpuData } from '../src/cpu/cpu-data.js';

/*
 * The WASM reduction, softmax and pooling kernels against the JS kernels, through the ops: the
 * same inputs run once with WASM kernels on (tensors of 64+ elements live in the tensor heap, so
 * the kernels take their WASM path) and once in the 'js' mode. Shapes keep inputs and outputs
 * at 64+ elements so both sides of every kernel are heap arrays.
 */
afterAll(() => setCpuKernelMode('auto'));

const rand = (n: number, seed: number, scale = 1): number[] => {
  let s = seed;
  return Array.from({ length: n }, () => ((s = (s * 16807) % 2147483647) / 2147483647 - 0.5) * scale);
};

interface Run {
  outs: Float32Array[];
  inHeap: boolean;
}

/** Runs `fn` on a fresh tensor of `values` in `mode`; reports whether every output lives in the heap. */
function run(mode: CpuKernelMode, values: number[], shape: number[], fn: (x: Tensor) => Tensor[]): Run {
  setCpuKernelMode(mode);
  const x = tensor(values, { shape, requiresGrad: true });
  const outs = fn(x);
  const heap = tensorHeap();
  const inHeap = !!heap && [x, ...outs].every((t) => heap.addressOf((t.storage.dataId as CpuData).values) >= 0);
  const result = { outs: outs.map((t) => Float32Array.from(t.dataSync())), inHeap };
  return result;
}

/** WASM and JS results of `fn`; asserts the WASM run had every operand in the heap. */
function both(values: number[], shape: number[], fn: (x: Tensor) => Tensor[]): { wasm: Float32Array[]; js: Float32Array[] } {
  const wasm = run('simd', values, shape, fn);
  expect(wasm.inHeap, 'operands of the WASM run are in the tensor heap').toBe(true);
  const js = run('js', values, shape, fn);
  return { wasm: wasm.outs, js: js.outs };
}

/** Largest difference in float32 ulps (NaN must match NaN; equal infinities are 0). */
function maxUlps(a: Float32Array, b: Float32Array): number {
  const ia = new Int32Array(a.buffer, a.byteOffset, a.length);
  const ib = new Int32Array(b.buffer, b.byteOffset, b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    if (Number.isNaN(a[i]) || Number.isNaN(b[i])) {
      if (!(Number.isNaN(a[i]) && Number.isNaN(b[i]))) return Infinity;
      continue;
    }
    const o = (v: number): number => (v < 0 ? -0x80000000 - v : v);
    worst = Math.max(worst, Math.abs(o(ia[i]) - o(ib[i])));
  }
  return worst;
}

/** Largest excess of |a - b| over 4e-6 + 5e-7 |b| (0 when all are within; NaN must match NaN). */
function excess(a: Float32Array, b: Float32Array): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    if (Number.isNaN(a[i]) !== Number.isNaN(b[i])) return Infinity;
    if (!Number.isNaN(a[i]) && a[i] !== b[i]) worst = Math.max(worst, Math.abs(a[i] - b[i]) - 4e-6 - 5e-7 * Math.abs(b[i]));
  }
  return worst;
}

function gradOf(x: Tensor): Tensor {
  if (!x.grad) throw new Error('no gradient reached x');
  return x.grad;
}

const COLS = [1, 3, 5, 1023];

describe('WASM sum and max match the JS kernels', () => {
  it.each(COLS)('over the last axis of [67, %i], big values and -inf/NaN rows included: max exact, sum within 1 ulp', (cols) => {
    const values = rand(67 * cols, cols + 1, 1e6);
    for (let c = 0; c < cols; c++) values[5 * cols + c] = -Infinity;
    values[9 * cols + (cols >> 1)] = NaN;
    values[11 * cols] = 3e38;
    const { wasm, js } = both(values, [67, cols], (x) => [sum(x, 1), amax(x, 1)]);
    expect(maxUlps(wasm[0], js[0])).toBeLessThanOrEqual(1);
    expect(Array.from(wasm[1])).toEqual(Array.from(js[1]));
    expect(wasm[1][5]).toBe(-Infinity);
    expect(wasm[1][9]).toBeNaN();
  });

  it.each([[2, 5, 65], [3, 1023, 67], [1, 3, 129], [4, 7, 33]])('over the middle axis of [%i, %i, %i] (keepdim, NCHW-style): bit-identical', (outer, len, inner) => {
    const values = rand(outer * len * inner, outer + len + inner, 100);
    values[inner + 2] = -Infinity;
    values[3] = NaN;
    const { wasm, js } = both(values, [outer, len, inner], (x) => [sum(x, 1, true), amax(x, 1, true)]);
    expect(Array.from(wasm[0])).toEqual(Array.from(js[0]));
    expect(Array.from(wasm[1])).toEqual(Array.from(js[1]));
  });

  it('sums and maxes an NCHW batch over [2, 3] and [0, 2, 3] (a conv bias gradient) like the JS kernel', () => {
    const values = rand(4 * 64 * 5 * 5, 7, 10);
    const { wasm, js } = both(values, [4, 64, 5, 5], (x) => [sum(x, [2, 3]), amax(x, [2, 3], true), sum(x, [0, 2, 3])]);
    expect(maxUlps(wasm[0], js[0])).toBeLessThanOrEqual(1);
    expect(Array.from(wasm[1])).toEqual(Array.from(js[1]));
    expect(maxUlps(wasm[2], js[2])).toBeLessThanOrEqual(1);
  });
});

describe('WASM softmax and log-softmax match the JS kernels', () => {
  it.each(COLS)('forward and backward over [70, %i] with big values and a -inf row', (cols) => {
    const values = rand(70 * cols, 3 * cols + 1, 20);
    values[1] = 1e4;
    for (let c = 0; c < cols; c++) values[4 * cols + c] = -Infinity;
    if (cols > 1) values[6 * cols + 1] = -Infinity;
    const grad = tensor(rand(70 * cols, 11), { shape: [70, cols] });
    const { wasm, js } = both(values, [70, cols], (x) => {
      const s = softmax(x, 1);
      const l = logSoftmax(x, -1);
      s.backward(grad);
      const gs = Float32Array.from(gradOf(x).dataSync());
      x.grad = null;
      l.backward(grad);
      return [s, l, tensor(Array.from(gs), { shape: [70, cols] }), gradOf(x)];
    });
    const rowFinite = (a: Float32Array): Float32Array => a.filter((_, i) => Math.floor(i / cols) !== 4);
    // Softmax: each side within about 2 ulp of the exact value. Log-softmax's (x - m) - log(s) and
    // the gradients' dy - sum may cancel, so those are compared in absolute terms (plus 4 ulp relative).
    expect(maxUlps(rowFinite(wasm[0]), rowFinite(js[0])), 'softmax').toBeLessThanOrEqual(4);
    for (let k = 1; k < 4; k++) expect(excess(rowFinite(wasm[k]), rowFinite(js[k])), `output ${k}`).toBeLessThanOrEqual(0);
    // An all -inf row is NaN in both, as in PyTorch.
    expect(Array.from(wasm[0].subarray(4 * cols, 5 * cols)).every(Number.isNaN)).toBe(true);
    expect(Array.from(js[1].subarray(4 * cols, 5 * cols)).every(Number.isNaN)).toBe(true);
  });
});

describe('WASM pooling matches the JS kernels bit for bit', () => {
  const cases: Array<[string, number[], (x: Tensor) => Tensor[]]> = [
    ['max 2x2 stride 2, LeNet [4, 6, 28, 28]', [4, 6, 28, 28], (x) => maxPool2dWithIndices(x, 2, { stride: 2 })],
    ['max 2x2 stride 2, odd [2, 3, 11, 13]', [2, 3, 11, 13], (x) => maxPool2dWithIndices(x, 2, { stride: 2 })],
    ['max 3x3 stride 1 pad 1 [2, 4, 9, 7]', [2, 4, 9, 7], (x) => maxPool2dWithIndices(x, 3, { stride: 1, padding: 1 })],
    ['max 3x3 stride 1 pad 1, ties [2, 3, 12, 21]', [2, 3, 12, 21], (x) => maxPool2dWithIndices(x, 3, { stride: 1, padding: 1 })],
    ['max 5x4 stride 1 pad 2 [1, 4, 9, 19]', [1, 4, 9, 19], (x) => maxPool2dWithIndices(x, [5, 4], { stride: 1, padding: 2 })],
    ['max 3x2 stride 2 pad 1 [1, 5, 10, 9]', [1, 5, 10, 9], (x) => maxPool2dWithIndices(x, [3, 2], { stride: 2, padding: 1 })],
    ['avg 2x2 stride 2 [4, 6, 28, 28]', [4, 6, 28, 28], (x) => [avgPool2d(x, 2, { stride: 2 })]],
    ['avg 2x2 stride 2, odd [2, 3, 11, 21]', [2, 3, 11, 21], (x) => [avgPool2d(x, 2, { stride: 2 })]],
    ['avg 2x2 stride 2 [3, 8, 6, 8]', [3, 8, 6, 8], (x) => [avgPool2d(x, 2, { stride: 2 })]],
    ['avg 3x3 stride 1 pad 1 [2, 4, 9, 7]', [2, 4, 9, 7], (x) => [avgPool2d(x, 3, { stride: 1, padding: 1 })]],
    ['avg 3x3 stride 1 pad 1 no pad count [2, 3, 12, 21]', [2, 3, 12, 21], (x) => [avgPool2d(x, 3, { stride: 1, padding: 1, countIncludePad: false })]],
    ['avg 5x4 stride 1 pad 2 [1, 4, 9, 19]', [1, 4, 9, 19], (x) => [avgPool2d(x, [5, 4], { stride: 1, padding: 2 })]],
    ['avg 3x3 stride 2 pad 1 no pad count [2, 4, 9, 8]', [2, 4, 9, 8], (x) => [avgPool2d(x, 3, { stride: 2, padding: 1, countIncludePad: false })]],
  ];
  it.each(cases)('%s, forward and gradient', (_, shape, pool) => {
    const n = shape.reduce((a, b) => a * b, 1);
    // A third of the values rounded to integers in [-5, 5], so windows tie (the first maximum must win in both).
    const values = rand(n, n, 10).map((v, i) => (i % 3 === 0 ? Math.round(v) : v));
    values[5] = NaN;
    values[40] = -Infinity;
    const { wasm, js } = both(values, shape, (x) => {
      const outs = pool(x);
      const g = tensor(rand(outs[0].size, 5), { shape: [...outs[0].shape] });
      outs[0].backward(g);
      return [...outs, gradOf(x)];
    });
    wasm.forEach((w, k) => expect(Array.from(new Int32Array(w.buffer)), `output ${k}`).toEqual(Array.from(new Int32Array(js[k].buffer))));
  });
});

describe('the fused softmax kernels in the js mode', () => {
  it('give exactly what the composite ops give (max, exp(x - m), sum, divide or log)', async () => {
    const { exp, log, sub, div } = await import('../src/index.js');
    setCpuKernelMode('js');
    const x = tensor(rand(9 * 13, 17, 30), { shape: [9, 13] });
    const m = amax(x, 1, true);
    const e = exp(sub(x, m));
    const composite = div(e, sum(e, 1, true));
    const logComposite = sub(sub(x, m), log(sum(exp(sub(x, m)), 1, true)));
    expect(Array.from(softmax(x, 1).dataSync())).toEqual(Array.from(composite.dataSync()));
    expect(Array.from(logSoftmax(x, 1).dataSync())).toEqual(Array.from(logComposite.dataSync()));
  });
});

describe('the fused softmax backward while its own graph is recorded', () => {
  it.each([false, true])('composes PyTorch\'s formula from ops (log %s), equal within float32 rounding to the kernel', async (log) => {
    const { enableGrad, noGrad } = await import('../src/index.js');
    setCpuKernelMode('auto');
    const x = tensor(rand(70 * 9, 23, 5), { shape: [70, 9], requiresGrad: true });
    const y = log ? logSoftmax(x, 1) : softmax(x, 1);
    const node = y.gradFn;
    if (!node) throw new Error('softmax recorded no node');
    const g = tensor(rand(70 * 9, 29), { shape: [70, 9] });
    const viaKernel = noGrad(() => node.backwardFn([g], node.saved))[0];
    const composed = enableGrad(() => node.backwardFn([g], node.saved))[0];
    if (!viaKernel || !composed) throw new Error('no input gradient');
    expect(excess(Float32Array.from(composed.dataSync()), Float32Array.from(viaKernel.dataSync()))).toBe(0);
  });
});
