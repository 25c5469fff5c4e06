import { add, noGrad, rand, type Tensor } from '@flint/core';
import { median, runTorch, summary } from './torch-child.js';

/** Median µs per call of `fn` over batches of `reps` calls. */
function timeOp(fn: () => Tensor, reps = 2000, batches = 20): number {
  for (let i = 0; i < reps; i++) fn().dispose();
  const samples: number[] = [];
  for (let b = 0; b < batches; b++) {
    const t = performance.now();
    for (let i = 0; i < reps; i++) fn().dispose();
    samples.push(((performance.now() - t) / reps) * 1000);
  }
  return median(samples);
}

/** Dispatch cost of a tiny op (4-element add), with and without autograd recording. */
export async function opOverheadBench(): Promise<void> {
  const a = rand([4]);
  const b = rand([4]);
  const g = rand([4], { requiresGrad: true });
  const plain = noGrad(() => timeOp(() => add(a, b)));
  const recorded = timeOp(() => add(g, b));
  const torchPlain = runTorch('op_overhead.py');
  const torchGrad = runTorch('op_overhead.py', ['grad']);
  console.log(`flint: ${plain.toFixed(2)} µs plain, ${recorded.toFixed(2)} µs with autograd recording`);
  console.log(`torch: ${torchPlain.value?.toFixed(2) ?? 'n/a'} µs plain, ${torchGrad.value?.toFixed(2) ?? 'n/a'} µs with autograd (${torchPlain.note})`);
  console.log(summary('op-overhead', 'µs', plain, torchPlain.value, (f, t) => f / t));
}
