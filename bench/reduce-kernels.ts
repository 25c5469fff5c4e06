import { amax, avgPool2d, logSoftmax, maxPool2dWithIndices, noGrad, rand, setCpuKernelMode, softmax, sum, tensor, type CpuKernelMode, type Tensor } from '@flint/core';
import { median } from './torch-child.js';

/**
 * `npm run bench -- reduce-kernels`: the CPU backend's reduction, softmax and pooling kernels,
 * WASM (tensors in the tensor heap) against the JS kernels (the 'js' kernel mode), through the
 * ops, forward and backward. Prints ms per call for each case; the last line sums the cases,
 * `ratio` = WASM time / JS time (lower is better).
 */
interface Case {
  readonly name: string;
  readonly shape: number[];
  /** Runs the op(s) once on `x` (requires grad), with `g(y)` a cached upstream gradient; returns what to dispose. */
  readonly run: (x: Tensor, g: (t: Tensor) => Tensor) => Tensor[];
}

const backwardOf = (y: Tensor, g: (t: Tensor) => Tensor): Tensor[] => {
  y.backward(g(y));
  return [y];
};

const CASES: Case[] = [
  { name: 'softmax 128x1000 fwd', shape: [128, 1000], run: (x) => [noGrad(() => softmax(x, 1))] },
  { name: 'logSoftmax 128x1000 fwd+bwd', shape: [128, 1000], run: (x, g) => backwardOf(logSoftmax(x, 1), g) },
  { name: 'softmax 128x1000 fwd+bwd', shape: [128, 1000], run: (x, g) => backwardOf(softmax(x, 1), g) },
  { name: 'sum rows 128x1000', shape: [128, 1000], run: (x) => [noGrad(() => sum(x, 1))] },
  { name: 'amax rows 128x1000', shape: [128, 1000], run: (x) => [noGrad(() => amax(x, 1))] },
  { name: 'sum middle [64,16,100] dim 1', shape: [64, 16, 100], run: (x) => [noGrad(() => sum(x, 1))] },
  { name: 'maxpool 2x2 [64,6,28,28] fwd+bwd', shape: [64, 6, 28, 28], run: (x, g) => backwardOf(maxPool2dWithIndices(x, 2, { stride: 2 })[0], g) },
  { name: 'maxpool 2x2 [64,16,10,10] fwd+bwd', shape: [64, 16, 10, 10], run: (x, g) => backwardOf(maxPool2dWithIndices(x, 2, { stride: 2 })[0], g) },
  { name: 'maxpool 3x3 s1 p1 [32,16,16,16] fwd+bwd', shape: [32, 16, 16, 16], run: (x, g) => backwardOf(maxPool2dWithIndices(x, 3, { stride: 1, padding: 1 })[0], g) },
  { name: 'avgpool 3x3 s1 p1 [32,16,16,16] fwd', shape: [32, 16, 16, 16], run: (x) => [noGrad(() => avgPool2d(x, 3, { stride: 1, padding: 1 }))] },
  { name: 'avgpool 2x2 [64,6,28,28] fwd+bwd', shape: [64, 6, 28, 28], run: (x, g) => backwardOf(avgPool2d(x, 2, { stride: 2 }), g) },
];

/** Median ms per call of `c` in `mode`, fresh input per mode. */
function timeCase(c: Case, mode: CpuKernelMode, reps = 30): number {
  setCpuKernelMode(mode);
  const x = tensor(Array.from(rand(c.shape).dataSync()), { shape: c.shape, requiresGrad: true });
  const grads = new Map<string, Tensor>();
  const g = (y: Tensor): Tensor => {
    const key = y.shape.join('x');
    let dy = grads.get(key);
    if (!dy) grads.set(key, (dy = tensor(Array.from(rand(y.shape).dataSync()), { shape: [...y.shape] })));
    return dy;
  };
  const once = (): void => {
    for (const t of c.run(x, g)) t.dispose();
    x.grad?.dispose();
    x.grad = null;
  };
  for (let i = 0; i < 30; i++) once(); // warm-up: V8 tiers WebAssembly up from its baseline compiler after some calls
  const samples: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t = performance.now();
    once();
    samples.push(performance.now() - t);
  }
  x.dispose();
  for (const t of grads.values()) t.dispose();
  return median(samples);
}

export async function reduceKernelsBench(): Promise<void> {
  const wasmMode: CpuKernelMode = 'simd';
  let wasmTotal = 0;
  let jsTotal = 0;
  for (const c of CASES) {
    const wasm = timeCase(c, wasmMode);
    const js = timeCase(c, 'js');
    wasmTotal += wasm;
    jsTotal += js;
    console.log(`${c.name.padEnd(40)} wasm ${wasm.toFixed(3)} ms, js ${js.toFixed(3)} ms, js/wasm ${(js / wasm).toFixed(2)}x`);
  }
  setCpuKernelMode('auto');
  console.log(`reduce-kernels: flint ${wasmTotal.toFixed(2)} ms, js ${jsTotal.toFixed(2)} ms, ratio ${(wasmTotal / jsTotal).toFixed(2)}`);
}
