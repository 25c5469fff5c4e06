import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { crossEntropy, DataLoader, getBackend, Linear, SGD, type Tensor } from '@flint/core';
import { LightningModule, Tuner, type BatchSource, type OptimizerConfig } from '../src/index.js';
import { teacherData, type Batch } from './fixtures.js';

/** Logits of 32,768 classes: a batch of n needs an n x 32768 float buffer (128 KiB per row). */
class WideHead extends LightningModule<Batch> {
  readonly fc = new Linear(8, 32_768);
  forward(x: Tensor): Tensor {
    return this.fc.call(x);
  }
  override trainingStep([x, y]: Batch): Tensor {
    return crossEntropy(this.forward(x), y);
  }
  override configureOptimizers(): OptimizerConfig {
    return new SGD(this.parameters(), { lr: 0.01 });
  }
}

// On the real WebGPU backend (lavapipe here), a batch whose logits exceed the device's largest
// storage binding fails with the backend's GpuMemoryError, which the tuner reads as "too big".
describe("Tuner.scaleBatchSize on accelerator 'webgpu'", () => {
  it("stops at the device's buffer limit: the largest power of two whose logits fit one binding", async () => {
    process.env.XDG_RUNTIME_DIR ??= '/tmp';
    const tuner = new Tuner({ accelerator: 'webgpu', defaultRootDir: mkdtempSync(join(tmpdir(), 'flint-tuner-gpu-')) });
    const loaderFor = (bs: number): BatchSource => new DataLoader(teacherData(4096, 8, 3, 1), { batchSize: bs }) as unknown as BatchSource;
    const size = await tuner.scaleBatchSize(new WideHead(), loaderFor, { initValue: 512, stepsPerTrial: 1 });
    const maxBinding = (getBackend('webgpu:0') as unknown as { maxBinding: number }).maxBinding;
    expect(size * 32_768 * 4).toBeLessThanOrEqual(maxBinding);
    expect(size * 2 * 32_768 * 4).toBeGreaterThan(maxBinding);
  }, 240_000);
});
