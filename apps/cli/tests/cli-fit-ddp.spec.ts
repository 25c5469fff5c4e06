// `flint fit --strategy ddp --devices 2`: the trainer's ddp strategy starts rank 1 as a copy of
// the same CLI command; the summary prints once, on rank 0, and rank 0 writes the checkpoint.
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture, runFlint } from './run-flint.js';

describe('flint fit --strategy ddp', () => {
  it('trains on 2 rank processes and reports once', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'flint-cli-ddp-'));
    const r = await runFlint(['fit', fixture('tiny-regression.ts'), '--strategy', 'ddp', '--devices', '2', '--accelerator', 'cpu', '--max-epochs', '2', '--enable-model-summary', 'false'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    // 64 samples, DistributedSampler: 32 per rank in batches of 8.
    expect(r.stdout.match(/^fit finished after 2 epochs, 8 steps$/gm)).toHaveLength(1);
    const ckpt = join(cwd, 'lightning_logs', 'version_0', 'checkpoints', 'epoch=1-step=8');
    expect(r.stdout).toContain(`checkpoint: ${ckpt}`);
    expect(existsSync(join(ckpt, 'model.safetensors'))).toBe(true);
    expect(existsSync(join(cwd, 'lightning_logs', 'version_1'))).toBe(false);
  });
});
