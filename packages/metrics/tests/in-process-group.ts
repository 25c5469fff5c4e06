import { clone, type Tensor } from '@flint/core';
import type { MetricGroup } from '../src/index.js';

/**
 * `worldSize` ranks inside one thread for the unit specs of `sync`: the k-th `allGather` of
 * every rank forms round k, which resolves once all ranks have joined it. (The trainer's DDP
 * spec runs the same code over strategy-ddp's real process group.)
 */
export function inProcessGroups(worldSize: number): MetricGroup[] {
  const rounds: { parts: Tensor[]; joined: number; done: Promise<void>; resolve: () => void }[] = [];
  const calls = new Array<number>(worldSize).fill(0);
  return Array.from({ length: worldSize }, (_, rank) => ({
    rank,
    worldSize,
    async allGather(t: Tensor): Promise<Tensor[]> {
      const k = calls[rank]++;
      if (!rounds[k]) {
        let resolve!: () => void;
        const done = new Promise<void>((r) => (resolve = r));
        rounds[k] = { parts: new Array<Tensor>(worldSize), joined: 0, done, resolve };
      }
      const round = rounds[k];
      round.parts[rank] = clone(t);
      if (++round.joined === worldSize) round.resolve();
      await round.done;
      return round.parts.map((p) => clone(p));
    },
  }));
}
