import { describe, expect, it } from 'vitest';
import { tensor, zeros } from '../ops/creation.js';
import { add, mul } from '../ops/binary.js';
import { sum } from '../ops/reduce.js';
import { memory } from './memory.js';
import { keep, tidy } from './scope.js';

describe('tidy', () => {
  it('frees everything made inside except what is returned or kept', () => {
    const before = memory();
    const kept = { t: null as ReturnType<typeof zeros> | null };
    const out = tidy(() => {
      const a = zeros([10]);
      const b = add(a, 1);
      kept.t = keep(mul(b, 2));
      return { result: [mul(b, 3)] };
    });
    const after = memory();
    expect(after.tensors - before.tensors).toBe(2);
    expect(after.buffers - before.buffers).toBe(2);
    expect(out.result[0].isDisposed).toBe(false);
    out.result[0].dispose();
    kept.t!.dispose();
    expect(memory().buffers).toBe(before.buffers);
    expect(memory().bytes).toBe(before.bytes);
  });

  it('frees the scope when fn throws', () => {
    const before = memory().buffers;
    expect(() =>
      tidy(() => {
        zeros([4]);
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(memory().buffers).toBe(before);
  });

  it('keeps saved tensors alive for backward after tidy frees the intermediates', async () => {
    const x = tensor([1, 2, 3], { requiresGrad: true });
    const loss = tidy(() => sum(mul(mul(x, x), x)));
    loss.backward();
    expect(await x.grad!.toArray()).toEqual([3, 12, 27]);
    loss.dispose();
  });

  it('releases the graph with its root: no buffers leak', () => {
    const x = tensor([1, 2, 3], { requiresGrad: true });
    const before = memory();
    const loss = tidy(() => sum(mul(mul(x, x), x)));
    loss.dispose();
    expect(memory().buffers).toBe(before.buffers);
    expect(memory().tensors).toBe(before.tensors);
  });

  it('rejects async functions', () => {
    expect(() => tidy(() => Promise.resolve(1))).toThrow(/synchronous/);
  });
});
