import { Adam, SGD, add, mul, noGrad, relu, setCpuKernelMode, tensor, type CpuKernelMode, type Tensor } from '@flint/core';
import { median } from './torch-child.js';

/**
 * `npm run bench -- vector-kernels`: the CPU backend's elementwise and optimizer kernels, WASM
 * SIMD on tensors in the tensor heap against the JS kernels (the 'js' kernel mode, JS arrays),
 * through the ops on 1M floats. Prints ms per call for each case; the last line sums the cases,
 * `ratio` = WASM time / JS time (lower is better).
 */
const N = 1 << 20;

interface Case {
  readonly name: string;
  /** Makes the inputs, returns one call (which returns what to dispose) and a cleanup. */
  readonly setup: (x: Tensor, y: Tensor) => { call(): Tensor[]; done(): void };
}

const values = (n: number, seed: number): Float32Array => Float32Array.from({ length: n }, (_, i) => Math.sin(i * 0.37 + seed));
/** One op call per timing, its result disposed. */
const opCall = (f: () => Tensor): { call(): Tensor[]; done(): void } => ({ call: () => [noGrad(f)], done: () => undefined });

function optimizerCase(make: (p: Tensor) => { step(): void }): (x: Tensor, y: Tensor) => { call(): Tensor[]; done(): void } {
  return (x, y) => {
    const p = tensor(x.dataSync(), { shape: [N], requiresGrad: true });
    const opt = make(p);
    p.grad = y.mul(1);
    return { call: () => (opt.step(), []), done: () => p.dispose() };
  };
}

const CASES: Case[] = [
  { name: 'add [1M] + [1M]', setup: (x, y) => opCall(() => add(x, y)) },
  { name: 'add bias [4096,256] + [256]', setup: (x) => {
    const m = x.reshape([4096, 256]);
    const b = tensor(values(256, 3));
    return { call: () => [noGrad(() => add(m, b))], done: () => b.dispose() };
  } },
  { name: 'mul [1M] * scalar', setup: (x) => opCall(() => mul(x, 0.5)) },
  { name: 'relu [1M]', setup: (x) => opCall(() => relu(x)) },
  { name: 'SGD momentum step [1M]', setup: optimizerCase((p) => new SGD([p], { lr: 0.01, momentum: 0.9 })) },
  { name: 'Adam step [1M]', setup: optimizerCase((p) => new Adam([p], { lr: 0.001 })) },
];

/** Median ms per call of `c` in `mode`, inputs made in that mode (so in the heap or not). */
function timeCase(c: Case, mode: CpuKernelMode, reps = 40): number {
  setCpuKernelMode(mode);
  const x = tensor(values(N, 1));
  const y = tensor(values(N, 2));
  const { call, done } = c.setup(x, y);
  const once = (): void => {
    for (const t of call()) t.dispose();
  };
  for (let i = 0; i < 5; i++) once();
  const samples: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t = performance.now();
    once();
    samples.push(performance.now() - t);
  }
  done();
  x.dispose();
  y.dispose();
  return median(samples);
}

export async function vectorKernelsBench(): Promise<void> {
  let wasmTotal = 0;
  let jsTotal = 0;
  for (const c of CASES) {
    const wasm = timeCase(c, 'simd');
    const js = timeCase(c, 'js');
    wasmTotal += wasm;
    jsTotal += js;
    console.log(`${c.name.padEnd(32)} wasm ${wasm.toFixed(3)} ms, js ${js.toFixed(3)} ms, js/wasm ${(js / wasm).toFixed(2)}x`);
  }
  setCpuKernelMode('auto');
  console.log(`vector-kernels: flint ${wasmTotal.toFixed(2)} ms, js ${jsTotal.toFixed(2)} ms, ratio ${(wasmTotal / jsTotal).toFixed(2)}`);
}
