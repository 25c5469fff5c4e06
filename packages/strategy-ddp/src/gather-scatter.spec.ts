import { describe, it, expect } from 'vitest';
import { ShapeError, fromValues, zeros } from '@flint/core';
import { createProcessGroup } from './init-process-group.js';
import type { ProcessGroup } from './process-group.js';
import { createShmSegment } from './shm/shm-segment.js';
import { freePort } from './launch/free-port.js';

const transports: Record<string, (w: number) => Promise<ProcessGroup[]>> = {
  shm: async (w) => {
    const shm = createShmSegment(w, { segmentElements: 5, timeoutMs: 10_000 });
    return Promise.all(Array.from({ length: w }, (_, rank) => createProcessGroup({ backend: 'shm', shm, rank })));
  },
  tcp: async (w) => {
    const port = await freePort();
    return Promise.all(
      Array.from({ length: w }, (_, rank) => createProcessGroup({ backend: 'tcp', initMethod: `tcp://127.0.0.1:${port}`, rank, worldSize: w, timeoutMs: 10_000 })),
    );
  },
};

/** Rank r's values: 7 elements (more than one 5-element shm slot, so it runs in pieces). */
function valuesOf(r: number, int = false): Float32Array | Int32Array {
  const v = Array.from({ length: 7 }, (_, i) => 10 * r + i + (int ? 0 : 0.5));
  return int ? Int32Array.from(v) : Float32Array.from(v);
}

for (const [kind, make] of Object.entries(transports)) {
  describe(`${kind} gather, scatter, allGatherInto`, () => {
    for (const w of [2, 3]) {
      it(`on ${w} ranks, float32 and int32`, async () => {
        const gs = await make(w);
        for (const int of [false, true]) {
          const dtype = int ? 'int32' : 'float32';
          const gathered = await Promise.all(gs.map((g, r) => g.gather(fromValues(valuesOf(r, int), [7], { dtype }), w - 1).wait()));
          gathered.slice(0, w - 1).forEach((x) => expect(x).toBeNull());
          const atRoot = gathered[w - 1] ?? [];
          expect(atRoot.length).toBe(w);
          for (let r = 0; r < w; r++) expect(Array.from(atRoot[r].dataSync())).toEqual(Array.from(valuesOf(r, int)));

          const outs = gs.map(() => zeros([7], { dtype }));
          const list = Array.from({ length: w }, (_, r) => fromValues(valuesOf(r, int), [7], { dtype }));
          await Promise.all(gs.map((g, r) => g.scatter(outs[r], r === 1 ? list : null, 1).wait()));
          for (let r = 0; r < w; r++) expect(Array.from(outs[r].dataSync())).toEqual(Array.from(valuesOf(r, int)));

          const lists = gs.map(() => Array.from({ length: w }, () => zeros([7], { dtype })));
          await Promise.all(gs.map((g, r) => g.allGatherInto(lists[r], fromValues(valuesOf(r, int), [7], { dtype })).wait()));
          for (const l of lists) for (let r = 0; r < w; r++) expect(Array.from(l[r].dataSync())).toEqual(Array.from(valuesOf(r, int)));
        }
        await Promise.all(gs.map((g) => g.destroy()));
      });
    }
  });
}

describe('gather/scatter argument checks', () => {
  it('name the collective and the wrong tensor', async () => {
    const [g0, g1] = await transports['shm'](2);
    expect(() => g0.allGatherInto([zeros([7])], zeros([7]))).toThrow(new ShapeError('allGatherInto: expected 2 tensors (one per rank), got 1'));
    expect(() => g0.scatter(zeros([7]), [zeros([7]), zeros([3])], 0)).toThrow(/scatter: tensor 1 is float32 \[3\], expected float32 \[7\]/);
    expect(() => g0.scatter(zeros([7]), null, 0)).toThrow(/scatter: rank 0 is the source and must pass 2 input tensors/);
    expect(() => g1.gather(zeros([7]), 2)).toThrow(/gather: rank 2 is outside the group of 2/);
  });
});
