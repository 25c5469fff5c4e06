import { describe, expect, it } from 'vitest';
import { isSoftwareAdapter, webgpuAccelerator } from '../src/index.js';
import { webgpuReady } from './webgpu-available.js';

const ready = await webgpuReady();

const info = (description: string, extra: Partial<GPUAdapterInfo> = {}): GPUAdapterInfo => ({ vendor: '', architecture: '', device: '', description, ...extra }) as GPUAdapterInfo;

describe('isSoftwareAdapter', () => {
  it('is true for a fallback adapter (on the adapter or its info) and for llvmpipe, lavapipe and SwiftShader', () => {
    expect(isSoftwareAdapter({ isFallbackAdapter: true, info: info('Some GPU') })).toBe(true);
    expect(isSoftwareAdapter({ info: { ...info('Some GPU'), isFallbackAdapter: true } })).toBe(true);
    expect(isSoftwareAdapter({ info: info('llvmpipe: Mesa 25.0.7 (LLVM 15.0.6)') })).toBe(true);
    expect(isSoftwareAdapter({ info: info('', { device: 'lavapipe' }) })).toBe(true);
    expect(isSoftwareAdapter({ info: info('Google SwiftShader') })).toBe(true);
  });

  it('is false for a hardware adapter', () => {
    expect(isSoftwareAdapter({ isFallbackAdapter: false, info: info('NVIDIA GeForce RTX 4090', { vendor: 'nvidia', architecture: 'ada' }) })).toBe(false);
    expect(isSoftwareAdapter({ info: info('Apple M2') })).toBe(false);
  });

  it.runIf(ready)("webgpuAccelerator.describe() names this machine's adapter and says it is software (lavapipe here)", async () => {
    const d = await webgpuAccelerator.describe?.();
    expect(d?.name).toMatch(/llvmpipe/);
    expect(d?.software).toBe(true);
  });
});
