import { describe, expect, it } from 'vitest';
import { DeviceError, LayerInputError, Linear, Module, ReLU, Sequential, ShapeError, StateDictError, bytesToStateDict, stateDictToBytes, tensor, zeros, type Tensor } from '@flint/core';
import { DataParallel, dataParallel, registerLogicalCpuDevices } from '../src/index.js';

registerLogicalCpuDevices(2);
const D2 = ['vcpu:0', 'vcpu:1'];
const net = (): Sequential => new Sequential(new Linear(4, 3), new ReLU(), new Linear(3, 2));

describe('errors', () => {
  it('an empty batch and a dim out of range are ShapeErrors naming the input, its shape and dim', () => {
    const dp = new DataParallel(net().to('vcpu:0'), { deviceIds: D2 });
    expect(() => dp.call(zeros([0, 4], { device: 'vcpu:0' }))).toThrow(ShapeError);
    expect(() => dp.call(zeros([0, 4], { device: 'vcpu:0' }))).toThrow('DataParallel: cannot scatter an empty batch: input[0] of shape [0,4] has size 0 along dim 0');
    const dim2 = new DataParallel(net().to('vcpu:0'), { deviceIds: D2, dim: 2 });
    expect(() => dim2.call(zeros([3, 4], { device: 'vcpu:0' }))).toThrow('DataParallel: dim 2 is out of range for input[0] of shape [3,4] (expected a dim in [-2, 1])');
  });

  it("a module not on deviceIds[0] is a DeviceError saying where it is, as PyTorch's check", () => {
    const dp = new DataParallel(net(), { deviceIds: D2 });
    expect(() => dp.call(zeros([2, 4]))).toThrow(DeviceError);
    expect(() => dp.call(zeros([2, 4]))).toThrow("DataParallel: module must have its parameters and buffers on device vcpu:0 (deviceIds[0]) but found one of them on device cpu; call module.to('vcpu:0') first");
  });

  it('refuses empty and repeated device lists, and devices that do not exist', () => {
    expect(() => new DataParallel(net(), { deviceIds: [] })).toThrow('DataParallel: deviceIds is empty; name at least one device (the module is on cpu)');
    expect(() => new DataParallel(net(), { deviceIds: ['vcpu:0', 'vcpu:1', 'vcpu:0'] })).toThrow('DataParallel: deviceIds [vcpu:0, vcpu:1, vcpu:0] names vcpu:0 twice');
    expect(() => new DataParallel(net(), { deviceIds: ['gpu:x'] })).toThrow("invalid device string 'gpu:x'");
    const dp = new DataParallel(net().to('vcpu:0'), { deviceIds: ['vcpu:0', 'vcpu:7'] });
    expect(() => dp.call(zeros([2, 4], { device: 'vcpu:0' }))).toThrow(DeviceError);
    expect(() => dp.call(zeros([2, 4], { device: 'vcpu:0' }))).toThrow('vcpu:7 requested, 2 visible');
  });

  it("a replica's error keeps its type and says which replica and device", () => {
    const dp = new DataParallel(net().to('vcpu:0'), { deviceIds: D2 });
    const bad = zeros([4, 5], { device: 'vcpu:0' });
    expect(() => dp.call(bad)).toThrow(LayerInputError);
    expect(() => dp.call(bad)).toThrow('module.0 (Linear 4→3): input [2,5] does not match in_features 4');
    // A tensor captured outside the module's fields is not replicated: replica 1 finds it on vcpu:0.
    class Captures extends Module {
      lin = new Linear(4, 4);
      constructor(readonly offset = { t: zeros([4]) }) {
        super();
      }
      forward(x: Tensor): Tensor {
        return this.lin.call(x).add(this.offset.t);
      }
    }
    const c = new Captures().to('vcpu:0');
    c.offset.t = zeros([4], { device: 'vcpu:0' });
    expect(() => dataParallel(c, zeros([4, 4], { device: 'vcpu:0' }), { deviceIds: D2 })).toThrow(DeviceError);
    expect(() => dataParallel(c, zeros([4, 4], { device: 'vcpu:0' }), { deviceIds: D2 })).toThrow(/^DataParallel replica 1 on vcpu:1: add: expected all tensors on the same device, found vcpu:1 and vcpu:0/);
    expect(() => dataParallel(net().to('vcpu:0'), [1] as never, { deviceIds: D2 })).toThrow('DataParallel: the inputs hold no tensor to scatter');
  });

  it('restores the module after a replica threw: its fields hold the original tensors again', () => {
    const m = net().to('vcpu:0');
    const before = m.parameters();
    expect(() => dataParallel(m, zeros([4, 5], { device: 'vcpu:0' }), { deviceIds: D2 })).toThrow();
    expect(m.parameters()).toEqual(before);
    for (const p of m.parameters()) expect(p.device).toBe('vcpu:0');
  });
});

describe("state dicts: PyTorch's module. prefix", () => {
  it('keys carry module., and load into an unwrapped model with stripPrefix', async () => {
    const wrapped = new DataParallel(net().to('vcpu:0'), { deviceIds: D2 });
    expect(Object.keys(wrapped.stateDict())).toEqual(['module.0.weight', 'module.0.bias', 'module.2.weight', 'module.2.bias']);
    const bytes = await stateDictToBytes(wrapped.stateDict());
    const plain = net();
    expect(() => plain.loadStateDict(bytesToStateDict(bytes))).toThrow(StateDictError);
    expect(() => plain.loadStateDict(bytesToStateDict(bytes))).toThrow("load it with stripPrefix: 'module.'");
    const result = plain.loadStateDict(bytesToStateDict(bytes, { stripPrefix: 'module.' }));
    expect(result).toEqual({ missingKeys: [], unexpectedKeys: [] });
    const x = tensor([[1, 2, 3, 4], [5, 6, 7, 8]]);
    expect(await plain.call(x).toArray()).toEqual(await wrapped.module.call(x.to('vcpu:0')).toArray());
  });

  it('a wrapper loads a prefixed state dict, and addPrefix turns a plain one into it', async () => {
    const source = net();
    const wrapped = new DataParallel(net().to('vcpu:0'), { deviceIds: D2 });
    const bytes = await stateDictToBytes(source.stateDict());
    wrapped.loadStateDict(bytesToStateDict(bytes, { addPrefix: 'module.', mapLocation: 'vcpu:0' }));
    expect(await wrapped.module.parameters()[0].toArray()).toEqual(await source.parameters()[0].toArray());
    expect(wrapped.module.parameters()[0].device).toBe('vcpu:0');
  });
});
