import { describe, expect, it } from 'vitest';
import { CpuBackend, DeviceError, KernelRegistry, Linear, Module, Registry, Sequential, getBackend, registerDeviceProvider, tensor, type AcceleratorFactory, type StrategyFactory, type Tensor } from '@flint/core';
import { dpPlugin } from './dp-plugin.js';
import { DpStrategy, dpDevices } from './dp-strategy.js';

class Net extends Module {
  body = new Sequential(new Linear(2, 2));
  seen: string[] = [];
  forward(x: Tensor): Tensor {
    this.seen.push(x.device);
    return this.body.call(x);
  }
}

describe("the 'dp' strategy", () => {
  it('is registered by the plugin descriptor, which registers nothing on import', () => {
    const strategies = new Registry<StrategyFactory>('strategy');
    dpPlugin.register({ strategies, accelerators: new Registry<AcceleratorFactory>('accelerator'), kernels: new KernelRegistry(), registerDeviceProvider });
    expect(dpPlugin.name).toBe('@flint/strategy-dp');
    const s = strategies.get('dp')({ devices: 2, accelerator: 'cpu' });
    expect(s).toBeInstanceOf(DpStrategy);
    expect([s.name, s.rank, s.worldSize, s.isGlobalZero, s.rootDevice]).toEqual(['dp', 0, 1, true, 'vcpu:0']);
  });

  it('runs thread replicas only on the CPU', () => {
    expect(() => new DpStrategy({ devices: 2, accelerator: 'webgpu', replica: { module: 'm.ts', exportName: 'M' } })).toThrow(
      "strategy 'dp': the replica option runs CPU replicas on threads; accelerator is 'webgpu'",
    );
    expect(new DpStrategy({ devices: 2, accelerator: 'cpu', replica: { module: 'm.ts', exportName: 'M' } }).rootDevice).toBe('cpu');
  });

  it('picks vcpu devices for the CPU, one plain cpu for one device, <kind>:i otherwise, or the deviceIds given', () => {
    expect(dpDevices({ devices: 3, accelerator: 'cpu' })).toEqual(['vcpu:0', 'vcpu:1', 'vcpu:2']);
    expect(dpDevices({ devices: 1, accelerator: 'cpu' })).toEqual(['cpu']);
    expect(dpDevices({ devices: 2, accelerator: 'webgpu' })).toEqual(['webgpu:0', 'webgpu:1']);
    expect(dpDevices({ devices: 2, accelerator: 'cpu', deviceIds: ['vcpu:1', 'vcpu:0'] })).toEqual(['vcpu:1', 'vcpu:0']);
  });

  it("makes the module's forward data-parallel for the run and restores it at teardown", async () => {
    const s = new DpStrategy({ devices: 2, accelerator: 'cpu' });
    const net = new Net();
    expect(s.setup(net, [])).toBe(net);
    expect(net.body.parameters()[0].device).toBe('vcpu:0');
    const out = net.forward(tensor([[1, 2], [3, 4], [5, 6]], { device: 'vcpu:0' }));
    expect(out.shape).toEqual([3, 2]);
    expect(net.seen).toEqual(['vcpu:0', 'vcpu:1']);
    expect(await s.reduce(out)).toBe(out);
    expect(await s.broadcast({ stop: true })).toEqual({ stop: true });
    expect(await s.allGather(out)).toEqual([out]);
    await s.teardown();
    expect(Object.hasOwn(net, 'forward')).toBe(false);
    net.forward(tensor([[1, 2]], { device: 'vcpu:0' }));
    expect(net.seen).toEqual(['vcpu:0', 'vcpu:1', 'vcpu:0']);
  });

  it('refuses devices without synchronous reads (several WebGPU devices) with a DeviceError saying what to use', () => {
    class NoSyncRead extends CpuBackend {
      constructor(override readonly device: string) {
        super();
        Object.defineProperty(this, 'readSync', { value: undefined });
      }
    }
    registerDeviceProvider({ kind: 'nosync', count: () => 2, name: (i) => `nosync ${i}`, create: (_i, d) => (getBackend('cpu'), new NoSyncRead(d)) });
    const s = new DpStrategy({ devices: 2, accelerator: 'nosync' });
    expect(() => s.setup(new Net(), [])).toThrow(DeviceError);
    expect(() => s.setup(new Net(), [])).toThrow("strategy 'dp': nosync:0 reads asynchronously, and the trainer's synchronous training step cannot copy between such devices; use strategy 'ddp', or DataParallel.forwardAsync in your own loop");
  });
});
