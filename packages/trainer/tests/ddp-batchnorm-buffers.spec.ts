import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRankResults, runUserScript } from './fixtures/run-user-script.js';

const script = new URL('./fixtures/ddp-batchnorm-main.ts', import.meta.url).pathname;

describe("BatchNorm under Trainer({ strategy: 'ddp' })", () => {
  it('running statistics are bit-identical on every rank after every epoch, as under the DDP wrapper (broadcastBuffers)', async () => {
    const out = mkdtempSync(join(tmpdir(), 'flint-ddp-bn-'));
    const { code, output } = await runUserScript(script, [out]);
    expect(code, output).toBe(0);
    const [r0, r1] = readRankResults<{ epochs: Record<string, number[]>[] }>(out);
    expect(r0.epochs).toHaveLength(3);
    expect(Object.keys(r0.epochs[0]).sort()).toEqual(
      ['1.num_batches_tracked', '1.running_mean', '1.running_var', '6.num_batches_tracked', '6.running_mean', '6.running_var'].map((k) => `net.${k}`),
    );
    // Ranks see different shards, so without the broadcast their statistics differ.
    expect(r1.epochs).toEqual(r0.epochs);
    expect(r0.epochs[2]['net.1.running_mean']).not.toEqual(r0.epochs[0]['net.1.running_mean']);
  });
});
