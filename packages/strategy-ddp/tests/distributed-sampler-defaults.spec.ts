import { describe, expect, it } from 'vitest';
import { spawn } from '../src/index.js';

const fixture = (f: string): string => new URL(`./fixtures/${f}`, import.meta.url).pathname;

describe('new DistributedSampler(ds) in an initialised process group', () => {
  it('takes rank and world size from the group, as PyTorch does, and refuses once the group is destroyed', async () => {
    const [r0, r1] = (await spawn(fixture('sampler-ranks.ts'), 'samplerRank', { nprocs: 2, timeoutMs: 20_000 })) as {
      rank: number;
      numReplicas: number;
      indices: number[];
      after: string;
    }[];
    expect(r0).toMatchObject({ rank: 0, numReplicas: 2, indices: [0, 2, 4, 6, 8] });
    expect(r1).toMatchObject({ rank: 1, numReplicas: 2, indices: [1, 3, 5, 7, 9] });
    expect(r0.after).toBe(
      'FlintError: DistributedSampler: no process group is initialised, so numReplicas and rank are unknown; call initProcessGroup() from @flint/strategy-ddp first, or pass { numReplicas, rank }',
    );
  }, 60_000);
});
