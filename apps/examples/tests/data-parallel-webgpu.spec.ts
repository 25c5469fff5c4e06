import { describe, expect, it } from 'vitest';
import { Conv2d, Flatten, Generator, Linear, MaxPool2d, Module, ReLU, SGD, Sequential, crossEntropy, flatten, manualSeed, randint, randn, relu, to, type Tensor } from '@flint/core';
import { initWebGpu } from '@flint/backend-webgpu';
import { DataParallel } from '@flint/strategy-dp';

// DataParallel over two WebGPU devices (each its own adapter and GPUDevice; on lavapipe two
// adapter requests give two working devices) against one WebGPU device on the whole batch.
process.env.XDG_RUNTIME_DIR ??= '/tmp';
const devices = await initWebGpu({ devices: 2 });
if (devices < 2) {
  const why = `DataParallel on WebGPU needs 2 devices, found ${devices} (install a Vulkan driver: mesa-vulkan-drivers from bookworm-backports)`;
  if (process.env.CI === 'true') throw new Error(`CI=true: ${why}`);
  console.warn(`SKIPPING DataParallel WebGPU tests: ${why}`);
}

class SeedCnn extends Module {
  conv1 = new Conv2d(3, 64, 3, { stride: 1, padding: 1 });
  fc = new Linear(64 * 32 * 32, 10);
  forward(x: Tensor): Tensor {
    return this.fc.call(flatten(relu(this.conv1.call(x)), 1));
  }
}
const lenet = (): Module =>
  new Sequential(new Conv2d(1, 6, 5), new ReLU(), new MaxPool2d(2), new Conv2d(6, 16, 5), new ReLU(), new MaxPool2d(2), new Flatten(), new Linear(256, 120), new ReLU(), new Linear(120, 84), new ReLU(), new Linear(84, 10));

interface Trace {
  grads: Float32Array[][];
  final: Float32Array[];
}

const host = async (ts: readonly Tensor[]): Promise<Float32Array[]> => Promise.all(ts.map(async (t) => Float32Array.from(await t.data())));

/** `steps` SGD steps; `forward` returns the batch's logits (possibly through DataParallel). */
async function train(m: Module, forward: (x: Tensor) => Promise<Tensor>, after: () => Promise<void>, x: Tensor, y: Tensor, steps: number): Promise<Trace> {
  const opt = new SGD(m.parameters(), { lr: 0.01 });
  const grads: Float32Array[][] = [];
  for (let s = 0; s < steps; s++) {
    opt.zeroGrad();
    crossEntropy(await forward(x), y).backward();
    await after();
    grads.push(await host(m.parameters().map((p) => p.grad!)));
    opt.step();
  }
  return { grads, final: await host(m.parameters()) };
}

const rel = (a: Float32Array, b: Float32Array): number => {
  let diff = 0;
  let scale = 1e-12;
  for (let i = 0; i < b.length; i++) [diff, scale] = [Math.max(diff, Math.abs(a[i] - b[i])), Math.max(scale, Math.abs(b[i]))];
  return diff / scale;
};
const worst = (a: Float32Array[], b: Float32Array[]): number => Math.max(...b.map((t, i) => rel(a[i], t)));

describe.runIf(devices >= 2)('DataParallel on 2 WebGPU devices', () => {
  const gen = new Generator(17);
  const cases = [
    { name: 'seed CNN', build: () => (manualSeed(1), new SeedCnn()), x: randn([4, 3, 32, 32], { generator: gen }), y: randint(0, 10, [4], { generator: gen }) },
    { name: 'LeNet', build: () => (manualSeed(2), lenet()), x: randn([6, 1, 28, 28], { generator: gen }), y: randint(0, 10, [6], { generator: gen }) },
  ];
  for (const c of cases) {
    it(`${c.name}: 10 SGD steps give the same gradients and parameters as one WebGPU device (rel 1e-5)`, { timeout: 300_000 }, async () => {
      const single = c.build().to('webgpu:0');
      const [x0, y0] = [to(c.x, 'webgpu:0'), to(c.y, 'webgpu:0')];
      const ref = await train(single, async (b) => single.call(b), async () => undefined, x0, y0, 10);

      const m = c.build().to('webgpu:0');
      const dp = new DataParallel(m, { deviceIds: ['webgpu:0', 'webgpu:1'] });
      const seen: string[] = [];
      (m.children().next().value as Module).registerForwardHook((_mod, [input]) => void seen.push(input.device));
      const got = await train(m, (b) => dp.forwardAsync(b), () => dp.finishBackward(), x0, y0, 10);
      expect(seen.slice(0, 2)).toEqual(['webgpu:0', 'webgpu:1']);
      for (let s = 0; s < 10; s++) expect(worst(got.grads[s], ref.grads[s])).toBeLessThan(1e-5);
      expect(worst(got.final, ref.final)).toBeLessThan(1e-5);
    });
  }
});
