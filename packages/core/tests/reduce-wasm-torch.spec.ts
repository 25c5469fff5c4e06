import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { avgPool2d, logSoftmax, maxPool2dWithIndices, softmax, tensor, type Tensor } from '../src/index.js';
import { setCpuKernelMode } from '../src/cpu/wasm/cpu-kernel-mode.js';
import { tensorHeap } from '../src/cpu/wasm/tensor-heap.js';
import type { CpuData } from '../src/cpu/cpu-data.js';

/*
 * The WASM softmax and pooling kernels against PyTorch 1.13 (fixture made by
 * tests/scripts/softmax-pool-torch.py), on shapes big enough for the tensor heap, so the WASM
 * paths run (the golden fixtures' softmax shapes are too small for the heap). Error measure of
 * the golden README: max|a - b| / max(1, max|b|).
 */
interface SoftmaxCase { kind: 'softmax'; shape: number[]; x: string; g: string; softmax: string; softmax_grad: string; log_softmax: string; log_softmax_grad: string }
interface PoolCase { kind: 'pool'; shape: number[]; kernel: number; stride: number; padding: number; x: string; g: string; max: string; argmax: string; max_grad: string; avg: string; avg_grad: string }
const fixture = JSON.parse(readFileSync(new URL('./fixtures/softmax-pool-torch.json', import.meta.url), 'utf8')) as { cases: (SoftmaxCase | PoolCase)[] };

const floats = (b64: string): Float32Array => new Float32Array(new Uint8Array(Buffer.from(b64, 'base64')).buffer);
const ints = (b64: string): Int32Array => new Int32Array(new Uint8Array(Buffer.from(b64, 'base64')).buffer);

function relError(got: ArrayLike<number>, want: Float32Array): number {
  let scale = 1;
  for (const v of want) if (Number.isFinite(v)) scale = Math.max(scale, Math.abs(v));
  let worst = 0;
  for (let i = 0; i < want.length; i++) {
    if (got[i] === want[i] || (Number.isNaN(got[i]) && Number.isNaN(want[i]))) continue;
    worst = Math.max(worst, Math.abs(got[i] - want[i]) / scale);
  }
  return worst;
}

const inHeap = (t: Tensor): boolean => (tensorHeap()?.addressOf((t.storage.dataId as CpuData).values) ?? -1) >= 0;

function gradOf(x: Tensor): Float32Array {
  if (!x.grad) throw new Error('no gradient reached x');
  const g = Float32Array.from(x.grad.dataSync());
  x.grad = null;
  return g;
}

afterAll(() => setCpuKernelMode('auto'));
setCpuKernelMode('simd');

describe('WASM softmax and log-softmax against PyTorch', () => {
  it.each(fixture.cases.filter((c): c is SoftmaxCase => c.kind === 'softmax').map((c) => [c.shape.join('x'), c] as const))('[%s], forward and backward within 1e-5', (_, c) => {
    const x = tensor(Array.from(floats(c.x)), { shape: c.shape, requiresGrad: true });
    const g = tensor(Array.from(floats(c.g)), { shape: c.shape });
    const s = softmax(x, -1);
    expect(inHeap(x) && inHeap(s), 'operands in the tensor heap').toBe(true);
    s.backward(g);
    expect(relError(s.dataSync(), floats(c.softmax)), 'softmax').toBeLessThanOrEqual(1e-5);
    expect(relError(gradOf(x), floats(c.softmax_grad)), 'softmax grad').toBeLessThanOrEqual(1e-5);
    const l = logSoftmax(x, -1);
    l.backward(g);
    expect(relError(l.dataSync(), floats(c.log_softmax)), 'log_softmax').toBeLessThanOrEqual(1e-5);
    expect(relError(gradOf(x), floats(c.log_softmax_grad)), 'log_softmax grad').toBeLessThanOrEqual(1e-5);
  });
});

describe('WASM pooling against PyTorch', () => {
  it.each(fixture.cases.filter((c): c is PoolCase => c.kind === 'pool').map((c) => [c.shape.join('x'), c.kernel, c.stride, c.padding, c] as const))(
    '[%s] kernel %i stride %i padding %i: max values and argmax exact, gradients and average within 1e-6',
    (_, kernel, stride, padding, c) => {
      const x = tensor(Array.from(floats(c.x)), { shape: c.shape, requiresGrad: true });
      const [values, indices] = maxPool2dWithIndices(x, kernel, { stride, padding });
      expect(inHeap(x) && inHeap(values), 'operands in the tensor heap').toBe(true);
      const g = tensor(Array.from(floats(c.g)), { shape: [...values.shape] });
      expect(Array.from(values.dataSync())).toEqual(Array.from(floats(c.max)));
      expect(Array.from(indices.dataSync())).toEqual(Array.from(ints(c.argmax)));
      values.backward(g);
      expect(relError(gradOf(x), floats(c.max_grad)), 'max_pool2d grad').toBeLessThanOrEqual(1e-6);
      const avg = avgPool2d(x, kernel, { stride, padding });
      avg.backward(g);
      expect(relError(avg.dataSync(), floats(c.avg)), 'avg_pool2d').toBeLessThanOrEqual(1e-6);
      expect(relError(gradOf(x), floats(c.avg_grad)), 'avg_pool2d grad').toBeLessThanOrEqual(1e-6);
    },
  );
});
