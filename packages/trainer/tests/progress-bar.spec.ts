import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { crossEntropy, type Tensor } from '@flint/core';
import { MemoryFileSystem, ProgressBar, Trainer, type ProgressSink, type TrainerEvent } from '../src/index.js';
import { cliProgressBar } from '../src/node.js';
import { defaultProgressBar } from '../src/callbacks/default-progress-bar.node.js';
import { Mlp, loaders, type Batch } from './fixtures.js';

/** A terminal as cli-progress sees one: `isTTY`, `columns`, and everything written, in order. */
class FakeTerminal implements ProgressSink {
  readonly isTTY: boolean;
  readonly chunks: string[] = [];
  constructor(
    tty: boolean,
    readonly columns = 160,
  ) {
    this.isTTY = tty;
  }
  write(text: string): boolean {
    this.chunks.push(text);
    return true;
  }
  get text(): string {
    return this.chunks.join('');
  }
}

// cli-progress moves to column 1 (CSI 1 G), writes the line, then clears to its right (CSI 0 K).
// eslint-disable-next-line no-control-regex -- terminal escape sequences are what is asserted
const FRAME = /\x1b\[1G([^\x1b]*)\x1b\[0K/g;
const frames = (out: string): string[] => [...out.matchAll(FRAME)].map((m) => m[1]);
// eslint-disable-next-line no-control-regex -- as above
const plain = (out: string): string => out.replace(/\x1b(\[[0-9;?]*[A-Za-z]|[78])/g, '');

const base = { accelerator: 'cpu', enableProgressBar: false, enableModelSummary: false, enableCheckpointing: false, logger: false } as const;

/** A real fit whose events feed `bar` (as the Trainer's own bar is fed). */
async function fitWith(bar: ProgressBar, model = new Mlp(0.1), maxEpochs = 2): Promise<void> {
  const trainer = new Trainer({ ...base, maxEpochs, numSanityValSteps: 0, fs: new MemoryFileSystem() });
  const sub = trainer.events$.subscribe((e) => bar.onEvent(e));
  const { train, val } = loaders();
  try {
    await trainer.fit(model, train, val);
  } finally {
    sub.unsubscribe();
  }
}

const batchEnd = (batchIdx: number, loss: number, batches = 4): TrainerEvent => ({ type: 'batchEnd', stage: 'train', epoch: 0, batchIdx, batches, globalStep: batchIdx + 1, loss, progBar: { train_loss: loss } });

describe('progress bar on a terminal (cli-progress)', () => {
  it('redraws one line in place as batches end: bar, percent, loss, metrics, it/s and ETA, then ends the line', async () => {
    const term = new FakeTerminal(true);
    const bar = new ProgressBar(term, cliProgressBar);
    bar.onEvent({ type: 'epochStart', epoch: 0, batches: 4 });
    for (let i = 0; i < 3; i++) {
      // cli-progress redraws synchronously at most every 2 x 100 ms
      await sleep(250);
      bar.onEvent(batchEnd(i, 1 - i / 10));
    }
    expect(term.text).not.toContain('\n');
    await sleep(250);
    bar.onEvent(batchEnd(3, 0.5));
    bar.onEvent({ type: 'epochEnd', epoch: 0, globalStep: 4, metrics: {} });

    const drawn = frames(term.text);
    expect(drawn[0]).toMatch(/^Epoch 0 \|-{20}\| 0% 0\/4 {2}\[0\.0 it\/s, ETA /);
    for (const [i, pct] of [25, 50, 75].entries()) {
      expect(drawn).toContainEqual(expect.stringMatching(new RegExp(`^Epoch 0 \\|=+-+\\| ${pct}% ${i + 1}/4 loss=${(1 - i / 10).toFixed(4)} train_loss=${(1 - i / 10).toFixed(4)} \\[\\d+\\.\\d it/s, ETA \\d+s\\]$`)));
    }
    expect(drawn.at(-1)).toMatch(/^Epoch 0 \|={20}\| 100% 4\/4 loss=0\.5000 train_loss=0\.5000 \[\d+\.\d it\/s, ETA 0s\]$/);
    // one line, redrawn: a single newline, written when the epoch ended
    expect(term.text.split('\n')).toHaveLength(2);
    expect(term.text.endsWith('\n')).toBe(true);
    const after = term.chunks.length;
    await sleep(250);
    expect(term.chunks.length, 'the stopped bar redraws no more (its timer is gone)').toBe(after);
  });

  it('a real fit draws one finished bar per epoch with the validation metrics', async () => {
    const term = new FakeTerminal(true, 200);
    await fitWith(new ProgressBar(term, cliProgressBar), new Mlp(0.1), 2);
    const lines = plain(term.text).split('\n');
    expect(lines.at(-1)).toBe('');
    // 256 samples in batches of 32; each epoch's last frame carries the validation it ran
    for (const epoch of [0, 1]) {
      const last = frames(term.text).filter((f) => f.startsWith(`Epoch ${epoch} `)).at(-1);
      expect(last).toMatch(new RegExp(`^Epoch ${epoch} \\|={20}\\| 100% 8/8 loss=\\d\\.\\d{4} train_loss=\\d\\.\\d{4} val_loss=\\d\\.\\d{4} val_acc=\\d\\.\\d{4} \\[\\d+\\.\\d it/s, ETA 0s\\]$`));
    }
    expect(term.text.match(/\n/g)).toHaveLength(2);
  });

  it('a failing fit stops the bar: the line is ended and nothing redraws afterwards', async () => {
    class Failing extends Mlp {
      override trainingStep(batch: Batch): Tensor {
        if (this.globalStep === 3) throw new Error('bad batch at step 3');
        return crossEntropy(this.forward(batch[0]), batch[1]);
      }
    }
    const term = new FakeTerminal(true);
    await expect(fitWith(new ProgressBar(term, cliProgressBar), new Failing(0.1), 1)).rejects.toThrow('bad batch at step 3');
    expect(term.text.endsWith('\n')).toBe(true);
    const after = term.chunks.length;
    await sleep(250);
    expect(term.chunks.length).toBe(after);
  });
});

describe('progress bar without a terminal', () => {
  it('prints one plain line per epoch, with no escape codes', async () => {
    const out = new FakeTerminal(false);
    await fitWith(new ProgressBar(out, cliProgressBar), new Mlp(0.1), 2);
    expect(out.text).not.toContain('\x1b');
    const lines = out.text.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    // the epoch's validation runs before its line is printed, so its metrics are on it
    for (const [epoch, line] of lines.entries()) {
      expect(line).toMatch(new RegExp(`^Epoch ${epoch}: 100% 8/8 loss=\\d\\.\\d{4} train_loss=\\d\\.\\d{4} val_loss=\\d\\.\\d{4} val_acc=\\d\\.\\d{4} \\[\\d+\\.\\d it/s, ETA 0s\\]$`));
    }
  });

  it("the Trainer's default bar follows stdout: plain lines when it is not a TTY (as under vitest)", async () => {
    expect(process.stdout.isTTY).not.toBe(true);
    const bar = await defaultProgressBar();
    const seen: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string) => (seen.push(chunk), true)) as typeof process.stdout.write;
    try {
      bar.onEvent({ type: 'epochStart', epoch: 0, batches: 2 });
      bar.onEvent(batchEnd(0, 0.25, 2));
      bar.onEvent({ type: 'epochEnd', epoch: 0, globalStep: 2, metrics: {} });
    } finally {
      process.stdout.write = write;
    }
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatch(/^Epoch 0: 100% 2\/2 loss=0\.2500 train_loss=0\.2500 \[/);
  });
});
