import { describe, expect, it } from 'vitest';
import { filter } from 'rxjs';
import { Trainer } from '../src/index.js';
import { Mlp, loaders } from './fixtures.js';

const base = { accelerator: 'cpu', enableProgressBar: false, enableModelSummary: false, logger: false, enableCheckpointing: false, maxEpochs: 1 } as const;

describe('events$ subscriber errors stay with their Trainer', () => {
  it('a throwing subscriber of the first of two Trainers is counted on the first only, also through pipe()', async () => {
    const warnings: string[][] = [[], []];
    const [first, second] = warnings.map((w) => new Trainer({ ...base, reporter: { warn: (m) => w.push(m) } }));
    first.events$.subscribe(() => {
      throw new Error('direct');
    });
    first.events$.pipe(filter((e) => e.type === 'batchEnd')).subscribe({
      next: () => {
        throw new Error('piped');
      },
    });
    const { train } = loaders();
    await first.fit(new Mlp(), train);
    await second.fit(new Mlp(), loaders().train);
    // Let any error RxJS would have deferred to its global handler (a setTimeout) arrive.
    await new Promise((r) => setTimeout(r, 20));
    const steps = first.globalStep;
    expect(steps).toBe(8);
    expect(first.observerErrors.count('events$ subscriber')).toBeGreaterThan(2 * steps);
    expect(second.observerErrors.count()).toBe(0);
    expect(warnings[0]).toEqual(["flint: event observer 'events$ subscriber' threw (training goes on; further errors of it are counted): direct"]);
    expect(warnings[1]).toEqual([]);
  });
});
