import { describe, expect, it } from 'vitest';
import { gt, relu, tensor, transpose, where, rand, sub, tidy } from '../../index.js';
import { kernelRegistry } from '../../backend/kernel-registry.js';

const EDGES = [1, -1, 0, -0, NaN, Infinity, -Infinity, 1e-40, -1e-40, 3.4e38, -3.4e38, 0.5];

/** Bits of a float32 array, so -0 and NaN compare exactly. */
const bits = async (t: { data(): Promise<ArrayLike<number>> }): Promise<number[]> => [...new Int32Array(new Float32Array(await t.data()).buffer)];

describe('CPU Relu and ReluGrad kernels (branch-free float32 bit masks)', () => {
  it('registers ReluGrad on the CPU backend (the op layer then fuses relu backward)', () => {
    tensor([1]).dispose(); // the CPU backend registers its kernels when first used
    expect(kernelRegistry.has('cpu', 'ReluGrad')).toBe(true);
  });

  it('relu keeps NaN and +inf, maps -0, negatives and -inf to +0, in float32 and float64', async () => {
    const want = EDGES.map((v) => (v > 0 || v !== v ? v : 0));
    expect(await bits(relu(tensor(EDGES)))).toEqual(await bits(tensor(want)));
    const r64 = [...(await relu(tensor(EDGES, { dtype: 'float64' })).data())];
    r64.forEach((v, i) => expect(Object.is(v, want[i]) || (Number.isNaN(v) && Number.isNaN(want[i]))).toBe(true));
  });

  it('the fused gradient equals where(y > 0, g, 0) bit for bit, edge values included', async () => {
    const x = tensor(EDGES, { requiresGrad: true });
    const g = tensor(EDGES.map((_, i) => (i % 3 === 0 ? -0 : i - 5.25)));
    relu(x).backward(g);
    const y = relu(tensor(EDGES));
    expect(await bits(x.grad!)).toEqual(await bits(where(gt(y, 0), g, 0)));
  });

  it('matches the composite on a strided (transposed) gradient and a large random input, float32 and float64', async () => {
    for (const dtype of ['float32', 'float64'] as const) {
      const x = sub(rand([64, 300], { dtype }), 0.5).detach().requiresGrad_();
      const gT = rand([300, 64], { dtype });
      const out = relu(x);
      out.backward(transpose(gT, 0, 1));
      const want = tidy(() => where(gt(relu(x.detach()), 0), transpose(gT, 0, 1), 0));
      expect([...(await x.grad!.data())]).toEqual([...(await want.data())]);
    }
  });
});
