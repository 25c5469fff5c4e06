import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCase, SigtermAt, SIGTERM_POINTS, STEPS } from './fixtures/sigterm-resume-case.js';

// Worker threads start once per epoch (seconds each on a small machine): the full matrix with
// 2 workers is in `npm run soak -- faults`; here the in-process loader takes every point and
// the workers the epoch boundary, where resume went wrong.
const matrix = [
  { numWorkers: 0, points: SIGTERM_POINTS },
  { numWorkers: 2, points: SIGTERM_POINTS.filter((p) => p.when.trainStep === 3) },
];

// The trainer re-raises SIGTERM once the run is down unless someone else listens: this test does.
const listener = (): void => undefined;
beforeAll(() => void process.on('SIGTERM', listener));
afterAll(() => void process.off('SIGTERM', listener));

for (const { numWorkers, points } of matrix) {
  describe(`SIGTERM anywhere in a 2-epoch run (shuffle, dropout, ${numWorkers} loader workers) resumes to the same weights`, () => {
    let straight: number[];
    beforeAll(async () => {
      straight = (await runCase(numWorkers, mkdtempSync(join(tmpdir(), 'flint-every-')))).weights;
    }, 60_000);

    for (const { label, when } of points) {
      it(label, async () => {
        const root = mkdtempSync(join(tmpdir(), 'flint-every-'));
        const first = await runCase(numWorkers, root, [new SigtermAt(when)]);
        const second = await runCase(numWorkers, root, [], join(root, 'checkpoints', 'last'));
        expect(first.steps + second.steps).toBe(STEPS);
        expect(second.weights).toEqual(straight);
      }, 60_000);
    }
  });
}
