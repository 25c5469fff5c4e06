import { describe, expect, it } from 'vitest';
import { MemoryFileSystem } from '../io/memory-file-system.js';
import { CSVLogger } from './csv-logger.js';

/** A file system whose writes finish only when the test says so (a slow first write). */
class GatedFileSystem extends MemoryFileSystem {
  private gate: Promise<void> | null = null;
  open: () => void = () => undefined;

  hold(): void {
    this.gate = new Promise((r) => (this.open = r));
  }

  override async writeFile(path: string, data: Uint8Array | string): Promise<void> {
    if (this.gate) await this.gate;
    return super.writeFile(path, data);
  }
}

describe('CSVLogger', () => {
  it('writes every row even when rows arrive while a write is still in flight', async () => {
    const fs = new GatedFileSystem();
    const logger = new CSVLogger();
    await logger.open(fs, 'run');
    fs.hold();
    for (let step = 0; step < 3; step++) logger.onEvent({ type: 'metrics', step, epoch: 0, metrics: { loss: step } });
    logger.onEvent({ type: 'epochEnd', epoch: 0, globalStep: 3, metrics: {} });
    await Promise.resolve();
    // The first write waits on the gate; training goes on logging.
    for (let step = 3; step < 6; step++) logger.onEvent({ type: 'metrics', step, epoch: 1, metrics: { loss: step } });
    fs.open();
    await logger.flush();
    const lines = (await fs.readText('run/metrics.csv')).trim().split('\n');
    expect(lines).toEqual(['step,loss', '0,0', '1,1', '2,2', '3,3', '4,4', '5,5']);
  });
});
