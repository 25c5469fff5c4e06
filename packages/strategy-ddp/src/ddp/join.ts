import { fromValues, type Collective, type Work } from '@flint/core';

/**
 * The join protocol's vote (PyTorch's `Join`): every synchronised step, each rank all-reduces
 * (max) `rank + 1` while it still has data and 0 once it joined. A nonzero result means some rank
 * is still training, and names the authoritative rank (the highest active one), whose buffers
 * the step broadcasts. Every vote is global, so every rank sees the same results.
 */
export class JoinVote {
  /** The authoritative rank of the latest step that had an active rank; -1 before any. */
  lastAuthority = -1;

  constructor(private readonly group: Collective) {}

  /** Casts this rank's vote for the coming step; `wait` resolves with the step's authority (-1: all joined). */
  cast(active: boolean): { wait(): Promise<number> } {
    const t = fromValues(new Int32Array([active ? this.group.rank + 1 : 0]), [1], { dtype: 'int32' });
    const work: Work = this.group.allReduce(t, 'max');
    return {
      wait: async () => {
        try {
          await work.wait();
          const authority = (await t.data())[0] - 1;
          if (authority >= 0) this.lastAuthority = authority;
          return authority;
        } finally {
          t.dispose();
        }
      },
    };
  }
}
