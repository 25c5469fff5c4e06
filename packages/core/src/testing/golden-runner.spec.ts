import { describe, expect, it } from 'vitest';
import { memoryFixtureSource } from './fixture-source.js';
import { runGolden, summarizeGolden } from './golden-runner.js';
import { encodeSafetensors, f32 } from './safetensors-bytes.spec-helper.js';
import { memory } from '../tensor/memory.js';

// relu([-1, 2, -3, 4]) = [0, 2, 0, 4]; with grad_out [1, 1, 1, 1] the gradient is [0, 1, 0, 1].
const relu = (out: number[], grad: number[]): Uint8Array =>
  encodeSafetensors({
    'in.a': f32([2, 2], [-1, 2, -3, 4]),
    out: f32([2, 2], out),
    grad_out: f32([2, 2], [1, 1, 1, 1]),
    'grad.a': f32([2, 2], grad),
  });

function source(ops: { name: string; op: string; kwargs?: object; inputs?: string[] }[], files: Record<string, Uint8Array>) {
  const manifest = {
    ops: ops.map((o) => ({ kwargs: {}, inputs: ['a'], file: `ops/${o.name}.safetensors`, ...o })),
    modules: [{ name: 'mha', file: 'modules/mha.safetensors', module: 'torch.nn.Transformer' }],
    models: [{ name: 'mlp', file: 'models/mlp.safetensors' }],
    optim: [{ name: 'sgd', file: 'optim/sgd.safetensors' }],
  };
  return memoryFixtureSource({ 'manifest.json': JSON.stringify(manifest), ...files });
}

describe('runGolden', () => {
  it('passes a case whose output and gradient match, and fails one whose values do not', async () => {
    const src = source([{ name: 'good', op: 'torch.relu' }, { name: 'bad', op: 'torch.relu' }], {
      'ops/good.safetensors': relu([0, 2, 0, 4], [0, 1, 0, 1]),
      'ops/bad.safetensors': relu([0, 2, 0, 4], [0, 1, 0, 0.5]),
    });
    const before = memory();
    const [good, bad] = await runGolden(src);
    expect(good).toMatchObject({ name: 'ops/good', passed: true, maxError: 0, tolerance: 1e-5 });
    expect(bad.passed).toBe(false);
    expect(bad.maxError).toBe(0.5); // |1 - 0.5| / max(1, max|expected|)
    expect(bad.message).toMatch(/^grad\.a: rel error 5\.00e-1 > 0\.00001$/);
    expect(memory().buffers).toBe(before.buffers);
    expect(memory().tensors).toBe(before.tensors);
  });

  it('fails (never skips) a case whose op is not in the table, or whose fixture is unreadable', async () => {
    const src = source([{ name: 'unknown', op: 'torch.fft.fft' }, { name: 'nofile', op: 'torch.relu' }], {});
    const [unknown, nofile] = await runGolden(src);
    expect(unknown).toMatchObject({ passed: false, maxError: Infinity });
    expect(unknown.message).toContain("op 'torch.fft.fft' has no entry in the golden op table");
    expect(nofile.message).toMatch(/cannot read ops\/nofile\.safetensors/);
  });

  it('fails a case whose op throws, with the error', async () => {
    const src = source([{ name: 'shape', op: 'torch.reshape', kwargs: { shape: [3] } }], { 'ops/shape.safetensors': encodeSafetensors({ 'in.a': f32([2, 2], [1, 2, 3, 4]), out: f32([3], [1, 2, 3]) }) });
    const [r] = await runGolden(src);
    expect(r.passed).toBe(false);
    expect(r.message).toMatch(/^ShapeError: reshape: shape \[3\] is invalid for input of shape \[2,2\]/);
  });

  it('runs every group by default; a modules, models or optim case it cannot load fails, never skips', async () => {
    const src = source([{ name: 'good', op: 'torch.relu' }], { 'ops/good.safetensors': relu([0, 2, 0, 4], [0, 1, 0, 1]) });
    expect((await runGolden(src, { include: ['ops'] })).map((r) => r.name)).toEqual(['ops/good']);
    const all = await runGolden(src);
    expect(all.map((r) => [r.name, r.passed])).toEqual([['ops/good', true], ['modules/mha', false], ['models/mlp', false], ['optim/sgd', false]]);
    expect(all[1].message).toBe("module 'torch.nn.Transformer' has no entry in the golden module table (testing/golden-module-table.ts)");
    expect(all[2].message).toBe(
      "no architecture for model case 'mlp' (known: mlp_sgd_momentum, complex_model_sgd, lenet_bn_adam, gpt_tiny_adamw, lstm_classifier_sgd)",
    );
    expect(all[3].message).toMatch(/no fixture file 'optim\/sgd.safetensors'/);
    expect(summarizeGolden('cpu', all)).toBe('golden cpu: 1/4 pass');
  });

  it('refuses a device with no backend', async () => {
    await expect(runGolden(source([], {}), { device: 'webgpu' })).rejects.toThrow(/device 'webgpu' is not available/);
  });
});
