import { describe, expect, it } from 'vitest';
import { Generator, cat, narrow, noGrad, randn, to, type Sequential } from '@flint/core';
import { DataParallel, registerLogicalCpuDevices } from '../src/index.js';
import { bnNet } from './fixtures/models.js';
import { relDiff } from './fixtures/train.js';

registerLogicalCpuDevices(2);

/** `n` BatchNorm models with the same initial state. */
function copies(n: number): Sequential[] {
  const first = bnNet();
  return [first, ...Array.from({ length: n - 1 }, () => {
    const m = bnNet();
    m.loadStateDict(first.stateDict());
    return m;
  })];
}

const bnOf = (m: Sequential): Record<string, Float32Array> =>
  Object.fromEntries([...m.namedBuffers()].map(([k, t]) => [k, Float32Array.from(t.dataSync())]));

describe('BatchNorm under DataParallel (PyTorch semantics)', () => {
  const x = randn([4, 3, 8, 8], { generator: new Generator(3) });

  it("keeps the running stats of replica 0 (it shares the module's storage) and loses the other replicas' updates", () => {
    const [wrapped, reference, onlyFirst] = copies(3);
    const buffersBefore = wrapped.buffers();
    const dp = new DataParallel(wrapped.to('vcpu:0'), { deviceIds: ['vcpu:0', 'vcpu:1'] });
    const out = dp.call(to(x, 'vcpu:0'));
    // Each replica normalises its own 2 rows with its own batch statistics (no SyncBatchNorm):
    const expected = cat([reference.call(narrow(x, 0, 0, 2)), reference.call(narrow(x, 0, 2, 2))], 0);
    expect(relDiff(Float32Array.from(out.dataSync()), Float32Array.from(expected.dataSync()))).toBeLessThan(1e-6);
    // A model that saw only the first half has replica 0's stats; the reference saw both halves.
    noGrad(() => onlyFirst.call(narrow(x, 0, 0, 2)));
    const got = bnOf(wrapped);
    const want = bnOf(onlyFirst);
    for (const k of Object.keys(want)) expect(relDiff(got[k], want[k])).toBeLessThan(1e-6);
    expect(got['1.num_batches_tracked'][0]).toBe(1);
    expect(relDiff(got['1.running_mean'], bnOf(reference)['1.running_mean'])).toBeGreaterThan(1e-3);
    // Same tensor objects, still on the source device.
    expect(wrapped.buffers()).toEqual(buffersBefore);
    for (const b of wrapped.buffers()) expect(b.device).toBe('vcpu:0');
  });

  it('uses the running stats on every replica in eval mode, so the output equals one device', () => {
    const [wrapped, reference] = copies(2);
    noGrad(() => reference.call(x)); // give the stats some non-default values
    wrapped.loadStateDict(reference.stateDict());
    wrapped.eval();
    reference.eval();
    const dp = new DataParallel(wrapped.to('vcpu:0'), { deviceIds: ['vcpu:0', 'vcpu:1'] });
    const out = noGrad(() => dp.call(to(x, 'vcpu:0')));
    expect(relDiff(Float32Array.from(out.dataSync()), Float32Array.from(reference.call(x).dataSync()))).toBeLessThan(1e-6);
  });
});
