import { describe, expect, it } from 'vitest';
import { Generator, Linear, Module, Sequential, ReLU, crossEntropy, memory, mseLoss, randint, randn, tidy, to, type Tensor } from '@flint/core';
import { DataParallel, dataParallel, registerLogicalCpuDevices } from '../src/index.js';
import { relDiff, snapshot, traceDiff, trainSteps } from './fixtures/train.js';

registerLogicalCpuDevices(3);
const D = (n: number): string[] => Array.from({ length: n }, (_, i) => `vcpu:${i}`);
const gen = new Generator(5);

const mlp = (): Sequential => new Sequential(new Linear(8, 16), new ReLU(), new Linear(16, 4));

function twins(): [Sequential, Sequential] {
  const a = mlp();
  const b = mlp();
  b.loadStateDict(a.stateDict());
  return [a, b];
}

/** Rows each replica's first layer saw, by device. */
function recordRows(m: Sequential): { rows: [string, number][]; off: () => void } {
  const rows: [string, number][] = [];
  const off = (m.at(0) as Module).registerForwardHook((_m, [x]) => void rows.push([x.device, x.shape[0]]));
  return { rows, off };
}

describe('uneven batches', () => {
  for (const [batch, n, split] of [
    [5, 2, [3, 2]],
    [1, 3, [1]],
    [4, 3, [2, 2]],
    [7, 3, [3, 3, 1]],
  ] as const) {
    it(`batch ${batch} on ${n} devices runs ${split.length} replica(s) of ${split.join('/')} rows and matches one device`, () => {
      const x = randn([batch, 8], { generator: gen });
      const y = randint(0, 4, [batch], { generator: gen });
      const [single, wrapped] = twins();
      const ref = trainSteps(single, (b) => single.call(b), x, y, 3);
      const dp = new DataParallel(wrapped.to('vcpu:0'), { deviceIds: D(n) });
      const { rows, off } = recordRows(wrapped);
      const got = trainSteps(wrapped, (b) => dp.call(b), to(x, 'vcpu:0'), to(y, 'vcpu:0'), 3);
      off();
      expect(rows.slice(0, split.length)).toEqual(split.map((r, i) => [`vcpu:${i}`, r]));
      const d = traceDiff(got, ref);
      expect(d.grads).toBeLessThan(1e-5);
      expect(d.params).toBeLessThan(1e-5);
    });
  }
});

type NestedIn = [{ a: Tensor; pair: [Tensor, number] }, string];
interface NestedOut {
  sum: Tensor;
  parts: [Tensor, Tensor];
  label: null;
}

/** Takes `{ a, pair: [b, scale] }` and a label, returns `{ sum, parts: [a', b'], label }`. */
class Nested extends Module<NestedIn, NestedOut> {
  fa = new Linear(3, 2);
  fb = new Linear(5, 2);
  labels: string[] = [];
  forward(input: NestedIn[0], label: string): NestedOut {
    this.labels.push(label);
    const pa = this.fa.call(input.a);
    const pb = this.fb.call(input.pair[0]).mul(input.pair[1]);
    return { sum: pa.add(pb), parts: [pa, pb], label: null };
  }
}

describe('nested inputs and outputs', () => {
  it('scatters objects and arrays of tensors, shares other values, gathers the same structure, gradients reach inputs', () => {
    const a = randn([5, 3], { generator: gen });
    const b = randn([5, 5], { generator: gen });
    const single = new Nested();
    const wrapped = new Nested();
    wrapped.loadStateDict(single.stateDict());
    const run = (m: Nested, call: (i: NestedIn[0]) => NestedOut, device: string) => {
      const ia = to(a, device).detach().requiresGrad_();
      const ib = to(b, device).detach().requiresGrad_();
      const out = call({ a: ia, pair: [ib, 0.5] });
      out.sum.sum().add(out.parts[1].mul(out.parts[1]).sum()).backward();
      return { out, ga: ia.grad!, gb: ib.grad!, params: snapshot([...m.namedParameters()].map(([k, p]) => [k, p.grad!])) };
    };
    const ref = run(single, (i) => single.call(i, 'x'), 'cpu');
    wrapped.to('vcpu:0');
    const got = run(wrapped, (i) => dataParallel<NestedIn, NestedOut>(wrapped, [i, 'x'], { deviceIds: D(3) }), 'vcpu:0');
    expect(wrapped.labels).toEqual(['x', 'x', 'x']);
    expect(got.out.sum.shape).toEqual([5, 2]);
    expect(got.out.sum.device).toBe('vcpu:0');
    expect(got.out.parts[1].shape).toEqual([5, 2]);
    expect(got.out.label).toBeNull();
    expect(relDiff(Float32Array.from(got.out.sum.dataSync()), Float32Array.from(ref.out.sum.dataSync()))).toBeLessThan(1e-6);
    expect(relDiff(Float32Array.from(got.ga.dataSync()), Float32Array.from(ref.ga.dataSync()))).toBeLessThan(1e-6);
    expect(relDiff(Float32Array.from(got.gb.dataSync()), Float32Array.from(ref.gb.dataSync()))).toBeLessThan(1e-6);
    for (const k of Object.keys(ref.params)) expect(relDiff(got.params[k], ref.params[k])).toBeLessThan(1e-5);
  });
});

describe('options', () => {
  it('defaults to every visible device of the module kind, outputs on deviceIds[0], dim 0', () => {
    const m = mlp().to('vcpu:0');
    const dp = new DataParallel(m);
    expect(dp.deviceIds).toEqual(D(3));
    expect(dp.outputDevice).toBe('vcpu:0');
    expect(dp.dim).toBe(0);
    expect(new DataParallel(mlp()).deviceIds).toEqual(['cpu']);
  });

  it('gathers on outputDevice, and gradients still reach the module on deviceIds[0]', () => {
    const [single, wrapped] = twins();
    const x = randn([6, 8], { generator: gen });
    const dp = new DataParallel(wrapped.to('vcpu:0'), { deviceIds: D(3), outputDevice: 'vcpu:2' });
    const out = dp.call(to(x, 'vcpu:0'));
    expect(out.device).toBe('vcpu:2');
    mseLoss(out, to(single.call(x).detach().mul(0), 'vcpu:2')).backward();
    mseLoss(single.call(x), single.call(x).detach().mul(0)).backward();
    for (const [k, p] of wrapped.namedParameters()) {
      const q = [...single.namedParameters()].find(([n]) => n === k)![1];
      expect(relDiff(Float32Array.from(p.grad!.dataSync()), Float32Array.from(q.grad!.dataSync()))).toBeLessThan(1e-5);
      expect(p.grad!.device).toBe('vcpu:0');
    }
  });

  it('scatters and gathers along dim 1', () => {
    class Columns extends Module {
      lin = new Linear(4, 3);
      forward(x: Tensor): Tensor {
        return this.lin.call(x.transpose(0, 1)).transpose(0, 1); // [4, B] -> [3, B]
      }
    }
    const m = new Columns();
    const x = randn([4, 6], { generator: gen });
    const want = Float32Array.from(m.call(x).dataSync());
    m.to('vcpu:0');
    const out = dataParallel(m, to(x, 'vcpu:0'), { deviceIds: D(3), dim: 1 });
    expect(out.shape).toEqual([3, 6]);
    expect(relDiff(Float32Array.from(out.dataSync()), want)).toBeLessThan(1e-6);
  });

  it('keeps the live buffer count flat over tidy training steps', () => {
    const m = mlp().to('vcpu:0');
    const dp = new DataParallel(m, { deviceIds: D(3) });
    const x = to(randn([9, 8], { generator: gen }), 'vcpu:0');
    const y = to(randint(0, 4, [9], { generator: gen }), 'vcpu:0');
    const step = (): void => tidy(() => {
      m.zeroGrad();
      crossEntropy(dp.call(x), y).backward();
    });
    step();
    const before = memory().buffers;
    for (let i = 0; i < 20; i++) step();
    expect(memory().buffers).toBe(before);
  });
});
