import { describe, expect, it } from 'vitest';
import type { ReduceOp } from '@flint/core';
import type { HostArray } from '../host-collective.js';
import { freePort } from '../launch/free-port.js';
import { DEFAULT_PIECE_BYTES, TcpCollective } from './tcp-collective.js';
import { rendezvous } from './tcp-rendezvous.js';

/** A TCP ring of `w` ranks in this thread, with frames of at most `pieceBytes`. */
async function ring(w: number, pieceBytes: number): Promise<TcpCollective[]> {
  const masterPort = await freePort();
  return Promise.all(
    Array.from({ length: w }, async (_, rank) => {
      const r = await rendezvous({ rank, worldSize: w, masterAddr: '127.0.0.1', masterPort, timeoutMs: 10_000 });
      return new TcpCollective(r, rank, w, 10_000, pieceBytes);
    }),
  );
}

/** Values whose float32 sums round differently in different orders, so the order is pinned. */
function input(rank: number, n: number): Float32Array {
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = Math.sin(i * 0.731 + rank * 1.37) * 10 ** ((i + rank) % 7);
  return a;
}

/**
 * The ring's fixed reduction order: chunk c (of `Math.floor(c*n/w)` bounds) is accumulated
 * from rank c onward, x[c+1] + x[c], then x[c+2] + that, ... in float32, as the ring does it.
 */
function ringSum(w: number, n: number, op: ReduceOp): Float32Array {
  const xs = Array.from({ length: w }, (_, r) => input(r, n));
  const out = new Float32Array(n);
  for (let c = 0; c < w; c++) {
    for (let i = Math.floor((c * n) / w); i < Math.floor(((c + 1) * n) / w); i++) {
      let acc = xs[c][i];
      for (let k = 1; k < w; k++) acc = Math.fround(acc + xs[(c + k) % w][i]);
      out[i] = op === 'avg' ? Math.fround(acc / w) : acc;
    }
  }
  return out;
}

const close = (gs: TcpCollective[]): Promise<void[]> => Promise.all(gs.map((g) => g.close()));

describe('TcpCollective frames', () => {
  // 12-byte frames: 3 elements, which divide neither the buffers nor their chunks.
  for (const [w, pieceBytes] of [
    [3, 12],
    [4, 4],
    [2, DEFAULT_PIECE_BYTES],
  ] as const) {
    it(`allReduce on ${w} ranks with ${pieceBytes}-byte frames: every rank gets the ring-order sum, bit for bit`, async () => {
      const gs = await ring(w, pieceBytes);
      for (const n of [1, 2, 10, 1001]) {
        for (const op of ['sum', 'avg'] as const) {
          const bufs = gs.map((_, r) => input(r, n));
          await Promise.all(gs.map((g, r) => g.allReduce(`allReduce n=${n}`, bufs[r], op)));
          const want = ringSum(w, n, op);
          for (const b of bufs) expect(Buffer.from(b.buffer).equals(Buffer.from(want.buffer))).toBe(true);
        }
      }
      await close(gs);
    });
  }

  it('broadcast, allGather and reduceScatter with 12-byte frames match the unsplit results', async () => {
    const w = 3;
    const n = 1000;
    const results = async (pieceBytes: number): Promise<HostArray[][]> => {
      const gs = await ring(w, pieceBytes);
      const bc = gs.map((_, r) => input(r, n));
      await Promise.all(gs.map((g, r) => g.broadcast('broadcast', bc[r], 1)));
      const ag = await Promise.all(gs.map((g, r) => g.allGather('allGather', input(r, 7))));
      const rs = await Promise.all(gs.map((g, r) => g.reduceScatter('reduceScatter', input(r, 3 * 11), 'sum')));
      const ints = gs.map((_, r) => Int32Array.from(input(r, 50), (v) => Math.round(v)));
      await Promise.all(gs.map((g, r) => g.allReduce('allReduce int32', ints[r], 'max')));
      await close(gs);
      return [bc, ag, rs, ints];
    };
    const split = await results(12);
    const whole = await results(DEFAULT_PIECE_BYTES);
    expect(split.map((k) => k.map((a) => Array.from(a)))).toEqual(whole.map((k) => k.map((a) => Array.from(a))));
    for (const b of split[0]) expect(Array.from(b)).toEqual(Array.from(input(1, n)));
  });

  it('a 40 MB allReduce on 3 ranks (frames read straight into the buffer) equals the ring-order sum', async () => {
    const w = 3;
    const n = 10_000_003;
    const gs = await ring(w, DEFAULT_PIECE_BYTES);
    const bufs = gs.map((_, r) => input(r, n));
    await Promise.all(gs.map((g, r) => g.allReduce('allReduce', bufs[r], 'sum')));
    const want = ringSum(w, n, 'sum');
    for (const b of bufs) expect(Buffer.from(b.buffer).equals(Buffer.from(want.buffer))).toBe(true);
    await close(gs);
  }, 60_000);

  it('rejects a piece size that is not a positive multiple of 4, naming it', async () => {
    const r = await rendezvous({ rank: 0, worldSize: 1, masterAddr: '127.0.0.1', masterPort: await freePort(), timeoutMs: 5000 });
    expect(() => new TcpCollective(r, 0, 1, 5000, 6)).toThrow('TcpCollective: pieceBytes must be a positive multiple of 4, got 6');
    expect(() => new TcpCollective(r, 0, 1, 5000, 0)).toThrow('got 0');
    await new TcpCollective(r, 0, 1, 5000).close();
  });
});
