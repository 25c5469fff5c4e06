import { CpuBackend, getBackend, type AcceleratorFactory, type Backend } from '@flint/core';

/** The CPU accelerator: core's embedded backend, always available, one device. */
export const cpuAccelerator: AcceleratorFactory = {
  isAvailable: async () => true,
  deviceCount: async () => 1,
  create: async (_device: string): Promise<Backend> => {
    const b = getBackend('cpu');
    if (!(b instanceof CpuBackend)) throw new Error('the cpu backend is not registered');
    return b;
  },
};
