// What a PyTorch user's first habits get from Flint: a working call or a typed error that says
// the Flint spelling, never a JavaScript TypeError from deep inside.
import { readFileSync } from 'node:fs';
import { inspect } from 'node:util';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  arange, CpuBackend, DataLoader, DataLoaderError, DeviceError, DistributedSampler, FlintError, getBackend, Linear, readSafetensors,
  registerDeviceProvider, SafetensorsError, setDefaultRank, ShapeError, tensor, TensorDataset,
} from '../src/index.js';
import { load } from '../src/node.js';

const pickle = (name: string): string => fileURLToPath(new URL(`../../../fixtures/torch-pickles/${name}`, import.meta.url));

describe('for (const batch of loader)', () => {
  it('throws a DataLoaderError that says to use for await, and for await gives the batches', async () => {
    const loader = new DataLoader(new TensorDataset(arange(0, 6).reshape(3, 2)), { batchSize: 2 });
    const syncIterate = (): unknown[] => [...(loader as unknown as Iterable<unknown>)];
    expect(syncIterate).toThrow(DataLoaderError);
    expect(syncIterate).toThrow('DataLoader is async-iterable: write `for await (const batch of loader)`');
    const shapes: number[][] = [];
    for await (const [x] of loader) shapes.push([...x.shape]);
    expect(shapes).toEqual([[2, 2], [1, 2]]);
  });
});

describe('new DistributedSampler(ds) without numReplicas and rank', () => {
  it('uses the default process group\'s rank and world size, and says what is missing without one', () => {
    setDefaultRank(null);
    expect(() => new DistributedSampler(10)).toThrow(FlintError);
    expect(() => new DistributedSampler(10)).toThrow('DistributedSampler: no process group is initialised, so numReplicas and rank are unknown');
    setDefaultRank({ rank: 2, worldSize: 3 });
    try {
      const s = new DistributedSampler(10, { shuffle: false });
      expect([s.rank, s.numReplicas, s.indices()]).toEqual([2, 3, [2, 5, 8, 1]]);
      expect(new DistributedSampler(10, { numReplicas: 2, rank: 0, shuffle: false }).indices()).toEqual([0, 2, 4, 6, 8]);
    } finally {
      setDefaultRank(null);
    }
  });
});

describe('model.loadStateDict(sd, { stripPrefix })', () => {
  it('loads a DataParallel/DDP state dict into a bare model, and without stripPrefix says to use it', async () => {
    const src = new Linear(3, 2);
    const dst = new Linear(3, 2);
    const wrapped = Object.fromEntries(Object.entries(src.stateDict()).map(([k, v]) => [`module.${k}`, v]));
    expect(() => dst.loadStateDict(wrapped)).toThrow("load it with stripPrefix: 'module.'");
    expect(dst.loadStateDict(wrapped, { stripPrefix: 'module.' })).toEqual({ missingKeys: [], unexpectedKeys: [] });
    expect(await dst.weight.toArray()).toEqual(await src.weight.toArray());
  });
});

describe('console.log(tensor)', () => {
  it('shows values, shape, dtype and device as PyTorch\'s repr does', () => {
    expect(inspect(tensor([[1, 2.5], [3, -4]]))).toBe('tensor([[ 1.0000,  2.5000],\n        [ 3.0000, -4.0000]], shape=[2, 2], dtype=float32, device=cpu)');
    expect(inspect(tensor([1, 0, 2], { dtype: 'int32' }))).toBe('tensor([1, 0, 2], shape=[3], dtype=int32, device=cpu)');
    expect(inspect(tensor(3))).toBe('tensor(3., shape=[], dtype=float32, device=cpu)');
    const w = tensor([0.5]);
    w.requiresGrad = true;
    expect(inspect(w)).toBe('tensor([0.5000], shape=[1], dtype=float32, device=cpu, requiresGrad=true)');
    w.dispose();
    expect(inspect(w)).toBe('tensor(<disposed>, shape=[1], dtype=float32, device=?, requiresGrad=true)');
  });

  it('summarises a large tensor to the first and last 3 of each dimension', () => {
    const text = inspect(arange(0, 2000).reshape(40, 50));
    expect(text.split('\n')).toEqual([
      'tensor([[   0,    1,    2, ...,   47,   48,   49],',
      '        [  50,   51,   52, ...,   97,   98,   99],',
      '        [ 100,  101,  102, ...,  147,  148,  149],',
      '        ...,',
      '        [1850, 1851, 1852, ..., 1897, 1898, 1899],',
      '        [1900, 1901, 1902, ..., 1947, 1948, 1949],',
      '        [1950, 1951, 1952, ..., 1997, 1998, 1999]], shape=[40, 50], dtype=int32, device=cpu)',
    ]);
  });
});

describe('x.size(0)', () => {
  it('is spelled x.shape[0]; size is the element count and calling it is a type error', () => {
    const x = arange(0, 6).reshape(2, 3);
    expect([x.shape[0], x.size]).toEqual([2, 6]);
    // @ts-expect-error: PyTorch's x.size(0) is x.shape[0] in Flint (TS2349: size is a number)
    expect(() => x.size(0)).toThrow(TypeError);
  });
});

/** A CPU backend that, like WebGPU, only reads asynchronously. */
class NoSyncRead extends CpuBackend {
  constructor(override readonly device: string) {
    super();
    const readSync = CpuBackend.prototype.readSync.bind(this);
    Object.defineProperty(this, 'readSync', { value: undefined });
    this.read = (id) => Promise.resolve(readSync(id));
  }
}

describe('devices', () => {
  it('x.to(\'cuda\') names the backends there are, once each, and how to get a GPU', () => {
    getBackend('cpu');
    const err = (() => {
      try {
        tensor([1]).to('cuda');
      } catch (e) {
        return e as Error;
      }
      return undefined;
    })();
    expect(err).toBeInstanceOf(DeviceError);
    expect(err?.message).toBe(
      "device 'cuda:0' is not available: no backend registered for it (registered: cpu). Flint reaches GPUs through WebGPU: use 'webgpu' (or 'webgpu:1', ...) instead of 'cuda'; add WebGPU with `npm install @flint/backend-webgpu` and `await initWebGpu()` from it",
    );
  });

  it('dataSync() on a device that reads asynchronously is a DeviceError; item() waits, and a non-scalar item() is a ShapeError', async () => {
    registerDeviceProvider({ kind: 'asyncdev', count: () => 1, name: () => 'async device', create: (_i, d) => new NoSyncRead(d) });
    const x = tensor([[1.5]]).to('asyncdev:0');
    expect(() => x.dataSync()).toThrow(DeviceError);
    expect(() => x.dataSync()).toThrow('dataSync: tensor [1,1] is on asyncdev:0, which reads asynchronously; use await x.data(), await x.item() or await x.toArray()');
    expect(await x.item()).toBe(1.5);
    expect(inspect(x)).toBe('tensor(<on asyncdev:0: await x.toArray() to read>, shape=[1, 1], dtype=float32, device=asyncdev:0)');
    await expect(tensor([1, 2]).item()).rejects.toThrow(ShapeError);
    expect(() => tensor([1]).to('cuda:1')).toThrow("(known kinds: cpu, asyncdev). Flint reaches GPUs through WebGPU");
  });
});

describe('a PyTorch .pt checkpoint given to the safetensors loader', () => {
  it('still reads a real safetensors file whose header length starts with the pickle bytes (640 = 0x80 0x02)', () => {
    const header = new TextEncoder().encode(JSON.stringify({ a: { dtype: 'F32', shape: [1], data_offsets: [0, 4] } }).padEnd(640, ' '));
    const bytes = new Uint8Array(8 + 640 + 4);
    new DataView(bytes.buffer).setBigUint64(0, 640n, true);
    bytes.set(header, 8);
    new DataView(bytes.buffer).setFloat32(8 + 640, 2.5, true);
    expect([bytes[0], bytes[1]]).toEqual([0x80, 0x02]);
    expect(readSafetensors(bytes).tensors.get('a')?.shape).toEqual([1]);
  });

  for (const [file, what] of [['linear.pt', 'a zip archive, as PyTorch\'s torch.save writes .pt/.pth files'], ['linear-legacy.pt', 'a Python pickle (protocol 2)']] as const) {
    it(`${file}: says it is ${what.split(',')[0]} and how to export safetensors`, () => {
      const bytes = new Uint8Array(readFileSync(pickle(file)));
      expect(() => readSafetensors(bytes)).toThrow(SafetensorsError);
      expect(() => readSafetensors(bytes)).toThrow(`NotSafetensors: this is ${what}`);
      expect(() => load(pickle(file))).toThrow(`${pickle(file)}: this is ${what}`);
      expect(() => load(pickle(file))).toThrow('from safetensors.torch import save_file; save_file({k: v.contiguous() for k, v in model.state_dict().items()}, "model.safetensors")');
    });
  }
});
