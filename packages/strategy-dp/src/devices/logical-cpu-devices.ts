import { CpuBackend, deviceCount, getBackend, registerDeviceProvider, type DeviceProvider } from '@flint/core';

/** The device kind of logical CPU devices: `'vcpu:0'`, `'vcpu:1'`, ... */
export const LOGICAL_CPU_KIND = 'vcpu';

/**
 * One logical CPU device: core's CPU kernels (registered under backend name `'cpu'`) on its
 * own storage accounting, under its own device string, so tensors on `vcpu:0` and `vcpu:1`
 * are on different devices as two GPUs' tensors are (an op mixing them is a DeviceError).
 */
class LogicalCpuBackend extends CpuBackend {
  constructor(override readonly device: string) {
    super();
  }
}

/**
 * Makes `count` logical CPU devices visible as `'vcpu:0'` ... `'vcpu:<count-1>'` (core allows
 * one `'cpu'`), so DataParallel can split work over CPU "devices" the way it does over GPUs.
 * Calling it again with a larger count adds devices; backends already made are kept.
 * `FLINT_VISIBLE_DEVICES` applies to them as to any provider kind.
 */
export function registerLogicalCpuDevices(count: number): void {
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`registerLogicalCpuDevices: count must be a positive integer, got ${count}`);
  if (deviceCount(LOGICAL_CPU_KIND) >= count) return;
  const provider: DeviceProvider = {
    kind: LOGICAL_CPU_KIND,
    count: () => count,
    name: (i) => `logical CPU ${i}`,
    create: (_physical, device) => {
      getBackend('cpu'); // brings up the CPU backend, which registers the kernels these devices run
      return new LogicalCpuBackend(device);
    },
  };
  registerDeviceProvider(provider);
}
