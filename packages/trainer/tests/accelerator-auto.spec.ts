import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { randint, randn } from '@flint/core';
import { Trainer, type TrainerOptions } from '../src/index.js';
import { Mlp, type Batch } from './fixtures.js';

process.env['XDG_RUNTIME_DIR'] ??= '/tmp';

/** A reporter that keeps what the Trainer says. */
function recorder(): { info: string[]; warn: string[]; reporter: { info: (m: string) => void; warn: (m: string) => void } } {
  const info: string[] = [];
  const warn: string[] = [];
  return { info, warn, reporter: { info: (m) => info.push(m), warn: (m) => warn.push(m) } };
}

const base: TrainerOptions = { maxSteps: 1, enableProgressBar: false, enableModelSummary: false, enableCheckpointing: false, logger: false };
const data = (): Batch[] => [[randn([4, 8]), randint(0, 3, [4])]];

describe("accelerator 'auto' and the start line", () => {
  it("skips this machine's software WebGPU adapter (lavapipe): trains on the CPU and says why in one start line", async () => {
    const r = recorder();
    const t = new Trainer({ ...base, accelerator: 'auto', reporter: r.reporter });
    const m = new Mlp();
    await t.fit(m, data());
    await t.validate(m, data());
    for (const p of m.parameters()) expect(p.device).toBe('cpu');
    expect(r.info).toHaveLength(1); // once per Trainer, not per run
    expect(r.info[0]).toMatch(/^Trainer: accelerator cpu \(auto: skipped WebGPU adapter 'llvmpipe[^']*' \(a fallback\/software adapter, slower than the CPU backend\)\), devices 1, strategy single \(1 rank\), \d+ CPU threads? per rank, \d+ cores$/);
    expect(r.warn).toEqual([]);
  });

  it("accelerator 'webgpu' still uses the software adapter", async () => {
    const r = recorder();
    const t = new Trainer({ ...base, accelerator: 'webgpu', reporter: r.reporter });
    const m = new Mlp();
    await t.validate(m, data());
    for (const p of m.parameters()) expect(p.device).toBe('webgpu:0');
    expect(r.info[0]).toMatch(/^Trainer: accelerator webgpu \(accelerator 'webgpu' as asked\), devices 1, strategy single/);
  });

  it('devices above the core count: one oversubscription warning, and the run goes on', async () => {
    const r = recorder();
    const cores = availableParallelism();
    const t = new Trainer({ ...base, accelerator: 'cpu', strategy: 'dp', devices: cores + 1, reporter: r.reporter });
    await t.fit(new Mlp(), [[randn([cores + 1, 8]), randint(0, 3, [cores + 1])]] as Batch[]);
    await t.validate(new Mlp(), data());
    expect(r.warn).toEqual([`Trainer: devices ${cores + 1} on ${cores} CPU cores: the ranks share cores (oversubscribed), so each step is slower than with devices <= ${cores}; results are unchanged`]);
    expect(r.info[0]).toContain(`strategy dp (1 rank)`);
  });
});
