import { describe, expect, it } from 'vitest';
import { Adam, AdamW, SGD, getBackend, memory, tensor, type Optimizer, type Tensor } from '@flint/core';
import type { WebGpuBackend } from '../src/index.js';
import { webgpuReady } from './webgpu-available.js';

const ready = await webgpuReady();

const values = (n: number, seed: number): Float32Array => {
  const out = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = (s / 2 ** 32 - 0.5) * 2;
  }
  return out;
};

type Make = (params: Tensor[]) => Optimizer<never>;

/** Five steps with fixed gradients on `device`; the parameter values after each step. */
async function trajectory(device: string, make: Make): Promise<Float32Array[]> {
  const p = tensor(values(300, 1), { device, shape: [20, 15], requiresGrad: true });
  const opt = make([p]);
  const out: Float32Array[] = [];
  for (let step = 0; step < 5; step++) {
    p.grad?.dispose();
    p.grad = tensor(values(300, 10 + step), { device, shape: [20, 15] });
    opt.step();
    out.push((await p.data()) as Float32Array);
  }
  p.grad?.dispose();
  p.grad = null;
  opt.dispose();
  p.dispose();
  return out;
}

const CASES: [string, Make, string][] = [
  ['SGD', (ps) => new SGD(ps, { lr: 0.1 }) as unknown as Optimizer<never>, 'sgd-step:0'],
  ['SGD momentum, dampening, weight decay', (ps) => new SGD(ps, { lr: 0.05, momentum: 0.7, dampening: 0.1, weightDecay: 0.01 }) as unknown as Optimizer<never>, 'sgd-step:1'],
  ['SGD nesterov, maximize', (ps) => new SGD(ps, { lr: 0.05, momentum: 0.8, nesterov: true, maximize: true }) as unknown as Optimizer<never>, 'sgd-step:1'],
  ['Adam weight decay', (ps) => new Adam(ps, { lr: 0.01, weightDecay: 0.1 }) as unknown as Optimizer<never>, 'adam-step:0'],
  ['AdamW', (ps) => new AdamW(ps, { lr: 0.01, betas: [0.8, 0.99] }) as unknown as Optimizer<never>, 'adam-step:0'],
  ['Adam amsgrad, maximize', (ps) => new Adam(ps, { lr: 0.01, amsgrad: true, maximize: true }) as unknown as Optimizer<never>, 'adam-step:1'],
];

describe.skipIf(!ready)('fused optimizer steps on webgpu:0', () => {
  for (const [name, make, key] of CASES) {
    it(`${name}: one kernel per parameter, the CPU's ops' trajectory within 1 ulp-scale error`, async () => {
      const before = memory();
      const [cpu, gpu] = [await trajectory('cpu', make), await trajectory('webgpu', make)];
      expect((getBackend('webgpu') as WebGpuBackend).programs.has(key)).toBe(true);
      cpu.forEach((want, step) => {
        const got = gpu[step];
        let worst = 0;
        for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(got[i] - want[i]) / Math.max(1, Math.abs(want[i])));
        expect(worst, `step ${step + 1}`).toBeLessThan(2e-6);
      });
      expect([memory().buffers, memory().tensors]).toEqual([before.buffers, before.tensors]);
    });
  }
});
