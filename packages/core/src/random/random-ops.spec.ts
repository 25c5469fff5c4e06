import { describe, expect, it } from 'vitest';
import { DTypeError } from '../tensor/errors.js';
import { tensor, zeros } from '../ops/creation.js';
import { narrow } from '../ops/view.js';
import { Generator, defaultGenerator, manualSeed } from './generator.js';
import { bernoulli, rand, randint, randn, randperm } from './random-ops.js';
import { normalFill, uniformFill } from './fill.js';

function moments(values: ArrayLike<number>): { mean: number; variance: number } {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i];
  const mean = s / values.length;
  let v = 0;
  for (let i = 0; i < values.length; i++) v += (values[i] - mean) ** 2;
  return { mean, variance: v / values.length };
}

describe('random tensors', () => {
  it('turn the seed-0 stream into uniforms with 24-bit mantissas (first word 0x6627e8d5)', () => {
    const t = rand([2, 3], { generator: new Generator(0) });
    expect(t.shape).toEqual([2, 3]);
    expect(t.dtype).toBe('float32');
    expect(t.dataSync()[0]).toBe(0x27e8d5 / 2 ** 24);
  });

  it('are bit-identical for one seed and differ for another', () => {
    manualSeed(2024);
    const a = [rand([100]).dataSync(), randn([101]).dataSync(), randint(-5, 5, [50]).dataSync(), randperm(30).dataSync()];
    manualSeed(2024);
    const b = [rand([100]).dataSync(), randn([101]).dataSync(), randint(-5, 5, [50]).dataSync(), randperm(30).dataSync()];
    expect(b.map((x) => [...x])).toEqual(a.map((x) => [...x]));
    manualSeed(2025);
    expect([...rand([100]).dataSync()]).not.toEqual([...a[0]]);
  });

  it('resume the exact stream after getState/setState', () => {
    const g = new Generator(8);
    rand([7], { generator: g });
    const state = g.getState();
    const want = randn([9], { generator: g }).dataSync();
    g.setState(state);
    expect([...randn([9], { generator: g }).dataSync()]).toEqual([...want]);
  });

  it('have the right moments over 100k samples', () => {
    const g = new Generator(31337);
    const u = rand([100_000], { generator: g }).dataSync();
    const mu = moments(u);
    expect(Math.abs(mu.mean - 0.5)).toBeLessThan(0.005);
    expect(Math.abs(mu.variance - 1 / 12)).toBeLessThan(0.0015);
    expect(Math.min(...u)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...u)).toBeLessThan(1);
    const n = moments(randn([100_000], { generator: g }).dataSync());
    expect(Math.abs(n.mean)).toBeLessThan(0.015);
    expect(Math.abs(n.variance - 1)).toBeLessThan(0.025);
    const d = moments(randn([100_000], { generator: g, dtype: 'float64' }).dataSync());
    expect(Math.abs(d.mean)).toBeLessThan(0.015);
    expect(Math.abs(d.variance - 1)).toBeLessThan(0.025);
  });

  it('randint stays in [low, high) and hits every value; randperm is a permutation', () => {
    const g = new Generator(3);
    const r = randint(-3, 4, [10_000], { generator: g });
    expect(r.dtype).toBe('int32');
    const seen = new Set(r.dataSync());
    expect([...seen].sort((a, b) => a - b)).toEqual([-3, -2, -1, 0, 1, 2, 3]);
    const p = randperm(1000, { generator: g });
    expect(p.dtype).toBe('int32');
    expect([...p.dataSync()].sort((a, b) => a - b)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect([...p.dataSync()]).not.toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect([...randperm(0).dataSync()]).toEqual([]);
    expect([...randperm(1).dataSync()]).toEqual([0]);
  });

  it('bernoulli draws with a number or a tensor of probabilities', () => {
    const g = new Generator(11);
    const m = bernoulli(0.3, [100_000], { generator: g });
    expect(m.dtype).toBe('float32');
    expect(Math.abs(moments(m.dataSync()).mean - 0.3)).toBeLessThan(0.005);
    const like = zeros([4, 5]);
    const mask = bernoulli(0.5, like, { dtype: 'bool', generator: g });
    expect(mask.shape).toEqual([4, 5]);
    expect(mask.dtype).toBe('bool');
    const p = tensor([0, 1, 0, 1]);
    expect([...bernoulli(p, undefined, { generator: g }).dataSync()]).toEqual([0, 1, 0, 1]);
  });

  it('refuse bad dtypes and ranges, naming the op', () => {
    expect(() => rand([2], { dtype: 'int32' })).toThrow(DTypeError);
    expect(() => rand([2], { dtype: 'int32' })).toThrow('rand: expected a float dtype (float32 or float64), got int32');
    expect(() => randint(5, 5, [2])).toThrow('randint: low 5 must be less than high 5');
    expect(() => bernoulli(1.5, [2])).toThrow('bernoulli: p must be in [0, 1], got 1.5');
    expect(() => randn([2, -1])).toThrow('randn: invalid shape [2,-1]');
  });

  it('fill tensors and views in place without recording gradients', () => {
    const w = zeros([3, 4], { requiresGrad: true });
    const g = new Generator(5);
    expect(uniformFill(w, -0.5, 0.5, g)).toBe(w);
    const wv = w.dataSync();
    expect(wv.every((v) => v >= -0.5 && v < 0.5)).toBe(true);
    expect(new Set(wv).size).toBe(12);
    const n = moments(normalFill(zeros([50_000]), 2, 3, g).dataSync());
    expect(Math.abs(n.mean - 2)).toBeLessThan(0.05);
    expect(Math.abs(Math.sqrt(n.variance) - 3)).toBeLessThan(0.05);
    const base = zeros([2, 4]);
    normalFill(narrow(base, 1, 1, 2), 0, 1, g);
    const bv = base.dataSync();
    expect([bv[0], bv[3], bv[4], bv[7]]).toEqual([0, 0, 0, 0]);
    expect(bv[1] !== 0 && bv[6] !== 0).toBe(true);
    expect(() => uniformFill(zeros([2], { dtype: 'int32' }))).toThrow('uniformFill: expected a float tensor, got int32');
    expect(defaultGenerator).toBeInstanceOf(Generator);
  });
});
