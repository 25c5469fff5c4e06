import { describe, it, expect } from 'vitest';
import { DeviceError, fromValues } from '@flint/core';
import { TensorQueue } from './tensor-queue.js';
import { isSharedMemory, shareMemory } from './share-memory.js';
import { QueueTimeoutError } from '../errors.js';

let n = 0;
const uniqueName = (): string => `spec-${process.pid}-${n++}`;

describe('shareMemory', () => {
  it('copies a tensor once into a SharedArrayBuffer, keeping dtype and shape; a shared one is returned as is', async () => {
    const t = fromValues(new Int32Array([1, 2, 3, 4, 5, 6]), [2, 3], { dtype: 'int32' });
    expect(isSharedMemory(t)).toBe(false);
    const s = shareMemory(t);
    expect(isSharedMemory(s)).toBe(true);
    expect(s.dtype).toBe('int32');
    expect(s.shape).toEqual([2, 3]);
    expect(Array.from(await s.data())).toEqual([1, 2, 3, 4, 5, 6]);
    expect(shareMemory(s)).toBe(s);
  });

  it("never hands out the CPU backend's tensor heap, whose blocks are reused after dispose", async () => {
    const x = fromValues(new Float32Array(1000).fill(2), [1000]);
    const y = x.add(x);
    for (const t of [x, y]) {
      expect(isSharedMemory(t)).toBe(false);
      const s = shareMemory(t);
      expect(s).not.toBe(t);
      expect(isSharedMemory(s)).toBe(true);
    }
    const kept = shareMemory(y);
    y.dispose();
    const reuse = fromValues(new Float32Array(1000).fill(7), [1000]).add(0);
    expect(Array.from(await kept.data()).every((v) => v === 4)).toBe(true);
    for (const t of [x, kept, reuse]) t.dispose();
  });
});

describe('TensorQueue (endpoints in one thread)', () => {
  it('hands each item to exactly one get, oldest first, over the same memory', async () => {
    const name = uniqueName();
    const producer = new TensorQueue(name);
    const a = new TensorQueue(name);
    const b = new TensorQueue(name);
    const sent = [1, 2, 3, 4].map((v) => shareMemory(fromValues(new Float32Array([v, v]), [2])));
    for (const t of sent) producer.put(t);
    const got = await Promise.all([a.get(2000), b.get(2000), a.get(2000), b.get(2000)]);
    const firsts = await Promise.all(got.map(async (t) => (await t.data())[0]));
    expect([...firsts].sort()).toEqual([1, 2, 3, 4]);
    expect([firsts[0], firsts[2]]).toEqual([...[firsts[0], firsts[2]]].sort());
    got[0].copy_(99);
    const i = firsts[0] - 1;
    expect(Array.from(await sent[i].data())).toEqual([99, 99]);
    await expect(producer.get(100)).rejects.toThrow(QueueTimeoutError);
    for (const q of [producer, a, b]) q.close();
  });

  it('a get that waits is served by a later put; an empty queue times out naming it', async () => {
    const name = uniqueName();
    const q = new TensorQueue(name);
    const other = new TensorQueue(name);
    const pending = q.get(5000);
    other.put(shareMemory(fromValues(new Float32Array([7]), [1])));
    expect(Array.from(await (await pending).data())).toEqual([7]);
    const t0 = Date.now();
    const err = await q.get(200).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(QueueTimeoutError);
    expect((err as Error).message).toBe(`TensorQueue '${name}': get timed out after 200 ms with nothing put`);
    expect(Date.now() - t0).toBeLessThan(2000);
    q.close();
    other.close();
  });

  it('rejects a tensor that is not in shared memory, and use after close', async () => {
    const q = new TensorQueue(uniqueName());
    expect(() => q.put(fromValues(new Float32Array(3), [3]))).toThrow(DeviceError);
    expect(() => q.put(fromValues(new Float32Array(3), [3]))).toThrow(/TensorQueue '.*'\.put: tensor of shape \[3\] on 'cpu' is not in shared memory; pass shareMemory\(t\)/);
    const waiting = q.get(5000);
    q.close();
    await expect(waiting).rejects.toThrow(/closed while a get was waiting/);
    expect(() => q.put(shareMemory(fromValues(new Float32Array(3), [3])))).toThrow(/\.put: the queue is closed/);
  });
});
