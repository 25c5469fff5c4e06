import { describe, expect, it } from 'vitest';
import {
  Dropout, Generator, bernoulli, getBackend, manualSeed, memory, rand, randint, randn, randperm, tensor, type Tensor,
} from '@flint/core';
import type { WebGpuBackend } from '../src/index.js';
import { webgpuReady } from './webgpu-available.js';

const ready = await webgpuReady();

/** The raw bits of a tensor's values (so -0, NaN payloads and 1-ulp differences count). */
async function bits(t: Tensor): Promise<Uint32Array> {
  const v = await t.data();
  t.dispose();
  if (v instanceof Float32Array || v instanceof Int32Array) return new Uint32Array(v.buffer.slice(0));
  return Uint32Array.from(v as ArrayLike<number>);
}

/** The same draw on both devices from generators in the same state; asserts equal bits. */
async function sameBits(draw: (device: string, gen: Generator) => Tensor, state: { seed: number; offset: number }): Promise<number> {
  const [g1, g2] = [new Generator(), new Generator()];
  g1.setState(state);
  g2.setState(state);
  const [cpu, gpu] = [await bits(draw('cpu', g1)), await bits(draw('webgpu', g2))];
  expect(gpu.length).toBe(cpu.length);
  expect(Buffer.from(gpu.buffer).equals(Buffer.from(cpu.buffer))).toBe(true);
  // The device draw advances the generator exactly as the host draw does.
  expect(g2.getState()).toEqual(g1.getState());
  return cpu.length;
}

describe.skipIf(!ready)('Philox on webgpu:0 equals the CPU stream bit for bit', () => {
  const states = [
    { seed: 0, offset: 0 },
    { seed: 42, offset: 3 },
    { seed: -1, offset: 0 }, // key 0xffffffff_ffffffff, as PyTorch reads a negative seed
    { seed: 2 ** 40 + 12345, offset: 2 ** 32 - 2 }, // the block counter carries into its high word
  ];

  it('rand: made by the WGSL kernel (no upload), for every size mod 4 and seed', async () => {
    for (const state of states) {
      for (const shape of [[1], [2, 3], [7], [4, 5], [3, 37, 11]]) {
        await sameBits((device, generator) => rand(shape, { device, generator }), state);
      }
    }
    const gpu = getBackend('webgpu') as WebGpuBackend;
    expect(gpu.programs.has('RandomUniform:float32')).toBe(true);
  });

  it('bernoulli masks in float32, int32 and bool, for p at the edges and in between', async () => {
    for (const p of [0, 1e-9, 0.1, 0.5, 0.7, 1 - 2 ** -25, 1]) {
      for (const dtype of ['float32', 'int32', 'bool'] as const) {
        await sameBits((device, generator) => bernoulli(p, [5, 13], { device, generator, dtype }), { seed: 7, offset: 1 });
      }
    }
  });

  it('randint, including ranges that need the full 32 bits', async () => {
    for (const [low, high] of [[0, 10], [-5, 5], [-(2 ** 31), 2 ** 31], [3, 4], [-(2 ** 31), 2 ** 31 - 1]]) {
      await sameBits((device, generator) => randint(low, high, [3, 33], { device, generator }), { seed: 99, offset: 5 });
    }
  });

  it('randn and randperm (made on the host for both devices) are equal too', async () => {
    await sameBits((device, generator) => randn([6, 7], { device, generator }), { seed: 3, offset: 0 });
    await sameBits((device, generator) => randperm(50, { device, generator }), { seed: 3, offset: 9 });
  });

  it('Dropout: the same seed gives the same mask and output bits as on the CPU', async () => {
    const x = (device: string): Tensor => tensor(Array.from({ length: 64 }, (_, i) => i * 0.25 - 3), { device, shape: [8, 8] });
    const run = async (device: string): Promise<Uint32Array> => {
      manualSeed(1234);
      const input = x(device);
      const out = new Dropout(0.3).forward(input);
      input.dispose();
      return bits(out);
    };
    const [cpu, gpu] = [await run('cpu'), await run('webgpu')];
    expect(Buffer.from(gpu.buffer).equals(Buffer.from(cpu.buffer))).toBe(true);
    expect(cpu.filter((b) => b === 0).length).toBeGreaterThan(5);
    expect((getBackend('webgpu') as WebGpuBackend).programs.has('RandomBernoulli:float32')).toBe(true);
  });

  it('leaves no buffer behind', async () => {
    const before = memory();
    const t = rand([100], { device: 'webgpu' });
    await t.data();
    t.dispose();
    expect(memory()).toEqual(before);
  });
});
