// Child of process-exit.spec.ts: trains a few steps on webgpu and ends without cleanup.
import { matmul, mean, noGrad, relu, sub, tensor, tidy } from '@flint/core';
import { initWebGpu } from '../../src/index.js';

await initWebGpu();
const device = 'webgpu';
const w = tensor(Array.from({ length: 8 * 4 }, (_, i) => Math.sin(i) * 0.1), { shape: [8, 4], requiresGrad: true, device });
const x = tensor(Array.from({ length: 16 * 8 }, (_, i) => Math.cos(i)), { shape: [16, 8], device });
const y = tensor(Array.from({ length: 16 * 4 }, (_, i) => Math.sin(i * 0.3)), { shape: [16, 4], device });
for (let i = 0; i < 5; i++) {
  const loss = tidy(() => {
    const err = sub(relu(matmul(x, w)), y);
    const l = mean(err.mul(err));
    l.backward();
    noGrad(() => w.copy_(w.sub(w.grad!.mul(0.1))));
    w.grad = null;
    return l.detach();
  });
  console.log(`loss ${await loss.item()}`);
  loss.dispose();
}
console.log('script-end');
