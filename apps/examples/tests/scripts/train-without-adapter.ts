// Child process of no-adapter-node.spec.ts: run with VK_ICD_FILENAMES pointing nowhere, so
// Dawn finds no Vulkan driver and no WebGPU adapter. Prints one JSON line per accelerator.
import { trainMnist } from '../../browser/src/mnist-training.js';

for (const accelerator of ['auto', 'webgpu']) {
  try {
    const r = await trainMnist({ steps: 2, accelerator, trainSamples: 256 });
    console.log(JSON.stringify({ accelerator, device: r.device, messages: r.messages }));
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    console.log(JSON.stringify({ accelerator, error: { name: err.name, message: err.message } }));
  }
}
process.exit(0);
