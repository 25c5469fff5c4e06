import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CpuBackend } from '../../cpu/cpu-backend.js';
import { registerBackend } from '../../backend/devices.js';
import { tensor } from '../../ops/creation.js';
import { SafetensorsError } from '../safetensors-error.js';
import { load, save } from './checkpoint-file.js';

/** A second device: a CPU backend registered under another name. */
class OtherCpu extends CpuBackend {
  override readonly device = 'other:0';
}
registerBackend(new OtherCpu());

let dir = '';
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'flint-ckpt-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('save / load (files)', () => {
  it('round-trips a state dict through a file onto cpu by default, or onto mapLocation', async () => {
    const path = join(dir, 'm.safetensors');
    await save({ w: tensor([[1, 2], [3, 4]]), step: tensor(5, { dtype: 'int32' }) }, path);
    const sd = load(path);
    expect(Object.keys(sd).sort()).toEqual(['step', 'w']);
    expect(sd.w.device).toBe('cpu');
    expect(await sd.w.toArray()).toEqual([[1, 2], [3, 4]]);
    expect(sd.step.dtype).toBe('int32');
    expect(await sd.step.item()).toBe(5);
    const moved = load(path, { mapLocation: 'other:0' });
    expect(moved.w.device).toBe('other:0');
    expect(await moved.w.toArray()).toEqual([[1, 2], [3, 4]]);
  });

  it('stripPrefix removes the prefix only from keys that have it; addPrefix applies after', async () => {
    const path = join(dir, 'ddp.safetensors');
    await save({ 'module.fc.weight': tensor([1]), 'module.fc.bias': tensor([2]), head: tensor([3]) }, path);
    expect(Object.keys(load(path, { stripPrefix: 'module.' })).sort()).toEqual(['fc.bias', 'fc.weight', 'head']);
    expect(Object.keys(load(path, { stripPrefix: 'module.', addPrefix: 'net.' })).sort()).toEqual(['net.fc.bias', 'net.fc.weight', 'net.head']);
  });

  it('overwrites an existing file and leaves no temp file behind', async () => {
    const path = join(dir, 'm.safetensors');
    await save({ v: tensor([1]) }, path);
    await save({ v: tensor([2]) }, path);
    expect(readdirSync(dir)).toEqual(['m.safetensors']);
    expect(await load(path).v.toArray()).toEqual([2]);
  });

  it('errors name the file: a corrupt file keeps its SafetensorsError code, a missing one says so', () => {
    const bad = join(dir, 'bad.safetensors');
    writeFileSync(bad, new Uint8Array([1, 2, 3]));
    expect(() => load(bad)).toThrow(SafetensorsError);
    try {
      load(bad);
    } catch (e) {
      expect((e as SafetensorsError).code).toBe('HeaderTooSmall');
      expect((e as Error).message).toBe(`HeaderTooSmall: ${bad}: buffer of 3 bytes has no 8-byte header length`);
    }
    expect(() => load(join(dir, 'missing.safetensors'))).toThrow(/missing\.safetensors/);
  });

  it('an unknown mapLocation is an error naming the file and the device', async () => {
    const path = join(dir, 'm.safetensors');
    await save({ v: tensor([1]) }, path);
    expect(() => load(path, { mapLocation: 'nowhere:3' })).toThrow(/m\.safetensors.*nowhere:3/);
  });
});
