import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LambdaCallback, Trainer } from '../src/index.js';
import { loaders, Mlp } from './fixtures.js';

const options = () => ({ accelerator: 'cpu', defaultRootDir: mkdtempSync(join(tmpdir(), 'flint-cb-')), enableProgressBar: false, enableModelSummary: false, logger: false, numSanityValSteps: 0 }) as const;

describe('LambdaCallback', () => {
  it('runs the given functions as hooks, in order, awaited', async () => {
    const seen: string[] = [];
    const cb = new LambdaCallback({
      onFitStart: () => void seen.push('fitStart'),
      onTrainEpochEnd: async (view) => {
        await new Promise((r) => setTimeout(r, 1));
        seen.push(`epochEnd ${view.currentEpoch}`);
      },
      onFitEnd: () => void seen.push('fitEnd'),
    });
    await new Trainer({ ...options(), maxEpochs: 2, limitTrainBatches: 2, callbacks: [cb] }).fit(new Mlp(), loaders().train);
    expect(seen).toEqual(['fitStart', 'epochEnd 0', 'epochEnd 1', 'fitEnd']);
  });

  it('rejects a name that is not a hook, or a non-function', () => {
    expect(() => new LambdaCallback({ onTrainEpochEndd: () => undefined } as never)).toThrow("LambdaCallback: 'onTrainEpochEndd' is not a callback hook");
    expect(() => new LambdaCallback({ onFitStart: 3 } as never)).toThrow("LambdaCallback: hook 'onFitStart' must be a function, got number");
  });
});
