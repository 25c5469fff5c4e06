import { describe, expect, it } from 'vitest';
import { Linear, ReLU, SGD, Sequential, crossEntropy, tensor, tidy, memory, type Tensor } from '../src/index.js';
import { tensorHeap } from '../src/cpu/wasm/tensor-heap.js';

/** Deterministic values, so the test needs nothing beyond core. */
function values(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = (s / 2 ** 32 - 0.5) * 2;
  }
  return out;
}

describe('tensor heap over a long run', () => {
  it('1,000 MLP training steps (SGD with momentum) leave the heap\'s live bytes, fragments and size flat', async () => {
    const heap = tensorHeap();
    if (!heap) throw new Error('the tensor heap is off (no shared WebAssembly memory)');
    const model = new Sequential(new Linear(64, 96), new ReLU(), new Linear(96, 10));
    const opt = new SGD(model.parameters(), { lr: 0.05, momentum: 0.9 });
    const x = tensor(values(32 * 64, 1), { shape: [32, 64] });
    const y = tensor(Int32Array.from({ length: 32 }, (_, i) => i % 10), { dtype: 'int32' });
    const step = (): Tensor =>
      tidy(() => {
        opt.zeroGrad();
        const loss = crossEntropy(model.forward(x) as Tensor, y);
        loss.backward();
        opt.step();
        return loss.detach();
      });
    let first = 0;
    let last = 0;
    let at10 = heap.usage();
    let mem10 = memory();
    for (let i = 1; i <= 1000; i++) {
      const loss = step();
      last = await loss.item();
      loss.dispose();
      if (i === 1) first = last;
      if (i === 10) {
        at10 = heap.usage();
        mem10 = memory();
      }
    }
    const at1000 = heap.usage();
    expect(at10.liveBytes).toBeGreaterThan(64 * 96 * 4);
    expect(at1000).toEqual(at10);
    expect(memory().bytes).toBe(mem10.bytes);
    expect(last).toBeLessThan(first * 0.5);
  });
});
