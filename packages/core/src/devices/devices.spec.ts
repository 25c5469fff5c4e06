import { afterEach, describe, expect, it } from 'vitest';
import { getBackend } from '../backend/devices.js';
import { CpuBackend } from '../cpu/cpu-backend.js';
import { add } from '../ops/binary.js';
import { tensor, zeros } from '../ops/creation.js';
import { rand } from '../random/random-ops.js';
import { Generator } from '../random/generator.js';
import { DeviceError } from '../tensor/errors.js';
import { registerDeviceProvider, type DeviceProvider } from './device-provider.js';
import { currentDevice, deviceCount, deviceName, isAvailable, leastLoadedDevice, listDevices, setDevice } from './device-queries.js';
import { parseDevice } from './device-string.js';
import { VISIBLE_DEVICES_ENV, setVisibleDevices } from './visible-devices.js';

/** A device served by the CPU kernels (they are keyed by backend name 'cpu'), so it computes. */
class FakeBackend extends CpuBackend {
  constructor(override readonly device: string, readonly physical: number) {
    super();
  }
}

/** A real provider of `n` CPU-backed devices that records what it was asked to create. */
function fakeProvider(kind: string, n: number): DeviceProvider & { created: [number, string][] } {
  const created: [number, string][] = [];
  return {
    kind,
    created,
    count: () => n,
    name: (i) => `Fake ${i}`,
    create: (i, device) => {
      created.push([i, device]);
      getBackend('cpu'); // brings up the CPU backend, which registers the kernels the fakes run
      return new FakeBackend(device, i);
    },
  };
}

afterEach(() => {
  setVisibleDevices(null);
  delete process.env[VISIBLE_DEVICES_ENV];
});

describe('device strings', () => {
  it('parse cpu, a kind, and a kind with an index', () => {
    expect(parseDevice('cpu')).toEqual({ kind: 'cpu', index: undefined });
    expect(parseDevice('cpu:0')).toEqual({ kind: 'cpu', index: undefined });
    expect(parseDevice('webgpu')).toEqual({ kind: 'webgpu', index: undefined });
    expect(parseDevice('webgpu:1')).toEqual({ kind: 'webgpu', index: 1 });
  });

  it('refuse junk with a DeviceError naming the string', () => {
    for (const bad of ['gpu:x', 'WebGPU', 'webgpu:', 'webgpu:01', 'webgpu:-1', 'a:1:2', '', 'cpu:1']) {
      expect(() => parseDevice(bad)).toThrow(DeviceError);
      expect(() => parseDevice(bad)).toThrow(`invalid device string '${bad}'`);
    }
  });
});

describe('device providers', () => {
  it('count, list and name devices; cpu is always there', () => {
    registerDeviceProvider(fakeProvider('fake', 4));
    expect(deviceCount('fake')).toBe(4);
    expect(isAvailable('fake')).toBe(true);
    expect(listDevices('fake')).toEqual(['fake:0', 'fake:1', 'fake:2', 'fake:3']);
    expect(deviceName('fake:2')).toBe('Fake 2');
    expect(deviceCount('cpu')).toBe(1);
    expect(isAvailable('cpu')).toBe(true);
    expect(isAvailable('nothing')).toBe(false);
    expect(deviceCount('nothing')).toBe(0);
    expect(() => registerDeviceProvider(fakeProvider('cpu', 1))).toThrow("registerDeviceProvider: 'cpu' cannot be a provider kind");
  });

  it('create backends lazily, once, and they really compute', async () => {
    const p = fakeProvider('lazy', 2);
    registerDeviceProvider(p);
    expect(p.created).toEqual([]);
    const a = tensor([1, 2, 3], { device: 'lazy:1' });
    const b = tensor([10, 20, 30], { device: 'lazy:1' });
    const c = add(a, b);
    expect(c.device).toBe('lazy:1');
    expect(await c.toArray()).toEqual([11, 22, 33]);
    expect(p.created).toEqual([[1, 'lazy:1']]);
    expect(rand([3], { device: 'lazy:1', generator: new Generator(1) }).device).toBe('lazy:1');
  });

  it('name unknown kinds, and refuse providers that misname their backend', () => {
    registerDeviceProvider(fakeProvider('known', 1));
    expect(() => tensor([1], { device: 'gpu' })).toThrow(DeviceError);
    expect(() => tensor([1], { device: 'gpu' })).toThrow("device 'gpu' is not available: no backend or device provider for 'gpu' (known kinds: cpu,");
    expect(() => tensor([1], { device: 'gpu:x' })).toThrow("invalid device string 'gpu:x'");
    registerDeviceProvider({ ...fakeProvider('liar', 2), create: (i) => new FakeBackend(`liar:${i + 5}`, i) });
    expect(() => getBackend('liar:1')).toThrow("device provider 'liar' created a backend for 'liar:6' when asked for 'liar:1' (physical 1)");
  });
});

describe('visible devices', () => {
  it('map logical to physical indices as CUDA_VISIBLE_DEVICES does', async () => {
    const p = fakeProvider('vis', 4);
    registerDeviceProvider(p);
    setVisibleDevices([2, 3]);
    expect(deviceCount('vis')).toBe(2);
    expect(deviceName('vis:0')).toBe('Fake 2');
    const t = add(tensor([1, 2], { device: 'vis:1' }), 1);
    expect(t.device).toBe('vis:1');
    expect(await t.toArray()).toEqual([2, 3]);
    expect(p.created).toEqual([[3, 'vis:1']]);
    expect(() => getBackend('vis:2')).toThrow(DeviceError);
    expect(() => getBackend('vis:2')).toThrow('vis:2 requested, 2 visible (setVisibleDevices([2,3]), 4 vis found)');
  });

  it('read FLINT_VISIBLE_DEVICES, cut at the first bad or missing ordinal', () => {
    registerDeviceProvider(fakeProvider('env', 4));
    process.env[VISIBLE_DEVICES_ENV] = '2';
    expect(deviceCount('env')).toBe(1);
    expect(() => getBackend('env:3')).toThrow('env:3 requested, 1 visible (FLINT_VISIBLE_DEVICES=2, 4 env found)');
    process.env[VISIBLE_DEVICES_ENV] = '1,x,2';
    expect(deviceCount('env')).toBe(1);
    process.env[VISIBLE_DEVICES_ENV] = '3,0,7,1';
    expect(deviceCount('env')).toBe(2);
    expect(deviceName('env:0')).toBe('Fake 3');
    expect(deviceName('env:1')).toBe('Fake 0');
    process.env[VISIBLE_DEVICES_ENV] = '';
    expect(isAvailable('env')).toBe(false);
    setVisibleDevices([1]);
    expect(deviceCount('env')).toBe(1);
    expect(() => setVisibleDevices([1, 1])).toThrow('setVisibleDevices: [1,1] repeats a device');
  });
});

describe('current and least-loaded devices', () => {
  it('setDevice makes an index-less kind mean that device', () => {
    registerDeviceProvider(fakeProvider('cur', 3));
    expect(currentDevice('cur')).toBe('cur:0');
    expect(currentDevice()).toBe('cpu');
    setDevice('cur:2');
    expect(currentDevice('cur')).toBe('cur:2');
    expect(tensor([1], { device: 'cur' }).device).toBe('cur:2');
    expect(() => setDevice('cur:3')).toThrow('cur:3 requested, 3 visible (3 cur found)');
    expect(currentDevice('cur')).toBe('cur:2');
  });

  it('leastLoadedDevice picks the device with the fewest bytes Flint allocated', () => {
    registerDeviceProvider(fakeProvider('load', 3));
    expect(leastLoadedDevice('load')).toBe('load:0');
    const big0 = zeros([1000], { device: 'load:0' });
    const small1 = zeros([10], { device: 'load:1' });
    expect(leastLoadedDevice('load')).toBe('load:2');
    const big2 = zeros([500], { device: 'load:2' });
    expect(leastLoadedDevice('load')).toBe('load:1');
    big0.dispose();
    expect(leastLoadedDevice('load')).toBe('load:0');
    small1.dispose();
    big2.dispose();
    expect(leastLoadedDevice('cpu')).toBe('cpu');
    expect(() => leastLoadedDevice('none')).toThrow('leastLoadedDevice: no none device is visible');
  });
});
