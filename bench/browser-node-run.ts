// Child of bench/browser.ts: the page's training in Node on WebGPU (Dawn). Prints one JSON line.
import { trainMnist } from '../apps/examples/browser/src/mnist-training.js';

const steps = Number(process.argv[2] ?? 30);
const r = await trainMnist({ steps, seed: 0, accelerator: 'webgpu' });
console.log(JSON.stringify({ msPerStep: r.msPerStep, device: r.device, losses: r.losses }));
process.exit(0);
