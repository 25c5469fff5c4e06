import { describe, expect, it } from 'vitest';
import { runExample } from './run-example.js';

describe('seed CNN and DDP examples, run as a user runs them', () => {
  it("the DDP example: one command, 2 process ranks, one global batch of 64, rank 0 alone prints the summary", async () => {
    const { code, out, err } = await runExample('ddp-trainer.ts', ['--epochs', '1']);
    expect(code, err).toBe(0);
    const ranks = [...out.matchAll(/^rank (\d)\/2: (\d+) steps, val accuracy over all ranks ([\d.]+)%/gm)].map((m) => ({ rank: m[1], steps: m[2], acc: Number(m[3]) }));
    expect(ranks.map((r) => r.rank).sort()).toEqual(['0', '1']);
    for (const r of ranks) expect(r.steps).toBe('64'); // 4096 samples / (2 ranks x 32)
    expect(ranks[0].acc).toBe(ranks[1].acc);
    expect(ranks[0].acc).toBeGreaterThan(90);
    expect(out.match(/Trainable params/g)).toHaveLength(1);
  }, 120_000);

  it('the seed CNN (Conv2d(3,64,3,1,1) -> ReLU -> Linear(65536,10), SGD 0.01) learns on generated 3x32x32 data', async () => {
    const { code, out, err } = await runExample('seed-cnn.ts', ['--steps', '8', '--batch-size', '32']);
    expect(code, err).toBe(0);
    const losses = [...out.matchAll(/^step (\d+) loss ([\d.]+)$/gm)].map((m) => Number(m[2]));
    expect(losses).toHaveLength(8);
    expect(losses.slice(-2).reduce((a, b) => a + b) / 2).toBeLessThan((losses[0] + losses[1]) / 2 * 0.5);
  }, 120_000);
});
