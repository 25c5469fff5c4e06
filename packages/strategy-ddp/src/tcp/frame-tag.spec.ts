import { describe, expect, it } from 'vitest';
import type { ReduceOp } from '@flint/core';
import { CollectiveMismatchError, RankFailedError } from '../errors.js';
import type { HostArray } from '../host-collective.js';
import { freePort } from '../launch/free-port.js';
import { describeTag, frameTag } from './frame-tag.js';
import { TcpCollective } from './tcp-collective.js';
import { rendezvous } from './tcp-rendezvous.js';

async function pair(): Promise<TcpCollective[]> {
  const masterPort = await freePort();
  return Promise.all(
    [0, 1].map(async (rank) => new TcpCollective(await rendezvous({ rank, worldSize: 2, masterAddr: '127.0.0.1', masterPort, timeoutMs: 5000 }), rank, 2, 5000)),
  );
}

/** Both ranks call allReduce with their own buffer and op; returns what each call settled with. */
async function mismatched(bufs: [HostArray, HostArray], ops: [ReduceOp, ReduceOp]): Promise<unknown[]> {
  const gs = await pair();
  const out = await Promise.all(gs.map((g, r) => g.allReduce('allReduce', bufs[r], ops[r]).then(() => 'ok', (e: unknown) => e)));
  await Promise.all(gs.map((g) => g.close()));
  return out;
}

const failedBoth = (out: unknown[]): void => {
  for (const e of out) expect(e instanceof CollectiveMismatchError || e instanceof RankFailedError, String(e)).toBe(true);
  expect(out.some((e) => e instanceof CollectiveMismatchError)).toBe(true);
};

describe('TCP frame tags carry op, dtype and count', () => {
  it('differ in every field a call can disagree on, and say which', () => {
    const f = new Float32Array(10);
    const base = frameTag(3, 'allReduce', f, 'sum');
    expect(frameTag(3, 'allReduce', f, 'max')).not.toBe(base);
    expect(frameTag(3, 'allReduce', new Int32Array(10), 'sum')).not.toBe(base);
    expect(frameTag(3, 'allReduce', new Float32Array(11), 'sum')).not.toBe(base);
    expect(frameTag(3, 'allReduce', new Float32Array(10 + 2 ** 18 * 3), 'sum')).not.toBe(base);
    expect(frameTag(4, 'allReduce', f, 'sum')).not.toBe(base);
    expect(frameTag(3, 'reduceScatter', f, 'sum')).not.toBe(base);
    expect(describeTag(frameTag(3, 'allReduce', new Int32Array(1000), 'max'))).toBe('allReduce #3 (max, int32, count fold 1000)');
    expect(describeTag(frameTag(300, 'broadcast', f, 'sum'))).toBe('broadcast #44 (float32, count fold 10)');
  });

  it('sum on one rank and max on the other fails both ranks, naming both calls', async () => {
    const out = await mismatched([Float32Array.of(1, 2, 3, 4), Float32Array.of(5, 6, 7, 8)], ['sum', 'max']);
    failedBoth(out);
    const msg = String((out.find((e) => e instanceof CollectiveMismatchError) as Error).message);
    expect(msg).toMatch(/allReduce #1 \((sum|max), float32, count fold 4\).*allReduce #1 \((max|sum), float32, count fold 4\)/);
  });

  it('float32 on one rank and int32 of the same size on the other fails both ranks', async () => {
    failedBoth(await mismatched([Float32Array.of(1, 2, 3, 4), Int32Array.of(1, 2, 3, 4)], ['sum', 'sum']));
  });

  it('10 elements on one rank and 11 on the other fails both ranks (first chunks are equally long)', async () => {
    failedBoth(await mismatched([new Float32Array(10), new Float32Array(11)], ['sum', 'sum']));
  });
});
