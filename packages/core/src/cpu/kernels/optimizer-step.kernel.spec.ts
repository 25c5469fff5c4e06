import { describe, expect, it } from 'vitest';
import { Adam, AdamW, SGD, add, div, maximum, mul, neg, noGrad, sqrt, sub, tensor, type Tensor } from '../../index.js';

/**
 * The fused CPU SgdStep/AdamStep kernels against the op sequences of optim/sgd.ts and
 * optim/adam.ts, written out here with the same ops: the bits must agree.
 */
const values = (n: number, seed: number): number[] => Array.from({ length: n }, (_, i) => Math.sin(i * 2.3 + seed) * (1 + (i % 7)));
const N = 37;

async function bits(t: Tensor): Promise<number[]> {
  return [...new Uint32Array(((await t.data()) as Float32Array).slice().buffer)];
}

/** Runs three steps of `make(param)` with fixed gradients and returns the parameter. */
async function fused(make: (p: Tensor) => { step(): void }): Promise<Tensor> {
  const p = tensor(values(N, 1), { requiresGrad: true });
  const opt = make(p);
  for (let s = 0; s < 3; s++) {
    p.grad = tensor(values(N, 10 + s));
    opt.step();
  }
  return p;
}

describe('CPU fused optimizer steps give the bits of the op sequence', () => {
  for (const o of [
    { momentum: 0, dampening: 0, nesterov: false, weightDecay: 0, maximize: false },
    { momentum: 0.9, dampening: 0.1, nesterov: false, weightDecay: 0.01, maximize: false },
    { momentum: 0.8, dampening: 0, nesterov: true, weightDecay: 0.003, maximize: true },
  ]) {
    it(`SGD ${JSON.stringify(o)}`, async () => {
      const lr = 0.05;
      const got = await fused((p) => new SGD([p], { lr, ...o }));
      const want = noGrad(() => {
        let p = tensor(values(N, 1));
        let buf: Tensor | null = null;
        for (let s = 0; s < 3; s++) {
          const grad = tensor(values(N, 10 + s));
          let d = o.maximize ? neg(grad) : grad;
          if (o.weightDecay !== 0) d = add(d, mul(p, o.weightDecay));
          if (o.momentum !== 0) {
            buf = buf === null ? d : add(mul(buf, o.momentum), mul(d, 1 - o.dampening));
            d = o.nesterov ? add(d, mul(buf, o.momentum)) : buf;
          }
          p = sub(p, mul(d, lr));
        }
        return p;
      });
      expect(await bits(got)).toEqual(await bits(want));
    });
  }

  for (const o of [
    { weightDecay: 0, amsgrad: false, maximize: false, decoupled: false },
    { weightDecay: 0.02, amsgrad: true, maximize: false, decoupled: false },
    { weightDecay: 0.01, amsgrad: false, maximize: true, decoupled: true },
  ]) {
    it(`Adam ${JSON.stringify(o)}`, async () => {
      const [lr, beta1, beta2, eps] = [0.01, 0.9, 0.99, 1e-8];
      const { decoupled, ...opts } = o;
      const got = await fused((p) => (decoupled ? new AdamW([p], { lr, betas: [beta1, beta2], eps, ...opts }) : new Adam([p], { lr, betas: [beta1, beta2], eps, ...opts })));
      const want = noGrad(() => {
        let p = tensor(values(N, 1));
        let m = tensor(new Array<number>(N).fill(0));
        let v = tensor(new Array<number>(N).fill(0));
        let vmax = tensor(new Array<number>(N).fill(0));
        for (let step = 1; step <= 3; step++) {
          let g = tensor(values(N, 10 + step - 1));
          if (o.maximize) g = neg(g);
          if (o.weightDecay !== 0) {
            if (decoupled) p = mul(p, 1 - lr * o.weightDecay);
            else g = add(g, mul(p, o.weightDecay));
          }
          m = add(mul(m, beta1), mul(g, 1 - beta1));
          v = add(mul(v, beta2), mul(mul(g, g), 1 - beta2));
          let vHat = v;
          if (o.amsgrad) vHat = vmax = maximum(vmax, v);
          const denom = add(div(sqrt(vHat), Math.sqrt(1 - beta2 ** step)), eps);
          p = sub(p, mul(div(m, denom), lr / (1 - beta1 ** step)));
        }
        return p;
      });
      expect(await bits(got)).toEqual(await bits(want));
    });
  }
});
