import type { EventObserver } from '../events/event-bus.js';
import type { TrainerEvent } from '../events/trainer-event.js';

/** Where the progress bar writes (stdout by default), whether it may redraw a line, and how wide it is. */
export interface ProgressSink {
  write(text: string): void;
  readonly isTTY: boolean;
  /** Terminal width in characters, when known. */
  readonly columns?: number;
}

/** What a redrawn bar shows besides its value and total. */
export interface ProgressPayload {
  readonly epoch: number;
  /** `loss=... name=value ...`, already formatted. */
  readonly metrics: string;
  /** Iterations per second since the epoch started, formatted. */
  readonly rate: string;
}

/** A bar redrawn in place on a terminal: `cli-progress`'s SingleBar on Node (`cliProgressBar`). */
export interface TtyBar {
  start(total: number, value: number, payload: ProgressPayload): void;
  update(value: number, payload: ProgressPayload): void;
  setTotal(total: number): void;
  /** Draws the final state, ends the line and releases the bar's timer. */
  stop(): void;
}

/** Makes the TTY bar of one epoch, writing to `sink`. */
export type TtyBarFactory = (sink: ProgressSink) => TtyBar;

const fmt = (m: Readonly<Record<string, number>>): string =>
  Object.entries(m)
    .map(([k, v]) => `${k}=${Math.abs(v) >= 1e4 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(2) : v.toFixed(4)}`)
    .join(' ');

/**
 * The progress bar, an observer of `events$`. On a TTY with a `TtyBarFactory` (the Trainer
 * uses `cli-progress` on Node): one bar per epoch, redrawn in place (loss, progBar metrics,
 * it/s, ETA). On a TTY without one: the same line redrawn with `\r`. Otherwise (a pipe, a log
 * file, a browser): one plain line per epoch and the test metrics.
 */
export class ProgressBar implements EventObserver {
  readonly name = 'ProgressBar';
  private epochStart = 0;
  private batches = 0;
  private loss: number | undefined;
  private progBar: Readonly<Record<string, number>> = {};
  private done = 0;
  private bar: TtyBar | null = null;

  constructor(
    private readonly sink: ProgressSink = defaultSink(),
    private readonly ttyBar?: TtyBarFactory,
  ) {}

  onEvent(e: TrainerEvent): void {
    if (e.type === 'epochStart') {
      this.epochStart = performance.now();
      this.batches = e.batches;
      this.done = 0;
      if (this.sink.isTTY && this.ttyBar) {
        this.stopBar();
        this.bar = this.ttyBar(this.sink);
        this.bar.start(Number.isFinite(e.batches) ? e.batches : 0, 0, this.payload(e.epoch, 0));
      }
    } else if (e.type === 'batchEnd' && e.stage === 'train') {
      this.loss = e.loss ?? this.loss;
      this.progBar = { ...this.progBar, ...e.progBar };
      const done = (this.done = e.batchIdx + 1);
      if (this.bar) {
        if (!Number.isFinite(this.batches)) this.bar.setTotal(done);
        this.bar.update(done, this.payload(e.epoch, done));
      } else if (this.sink.isTTY) this.sink.write(`\r${this.line(e.epoch, done)}\x1b[K`);
    } else if (e.type === 'epochEnd') {
      if (this.bar) {
        const total = Number.isFinite(this.batches) ? this.batches : this.done;
        this.bar.update(total, this.payload(e.epoch, total));
        this.stopBar();
      } else this.sink.write(`${this.sink.isTTY ? '\r' : ''}${this.line(e.epoch, this.batches)}${this.sink.isTTY ? '\x1b[K' : ''}\n`);
    } else if (e.type === 'validationEnd' && Object.keys(e.metrics).length > 0) {
      this.progBar = { ...this.progBar, ...e.metrics };
    } else if (e.type === 'stageEnd' && e.stage === 'test') {
      this.sink.write(`test: ${fmt(e.metrics)}\n`);
    } else if (e.type === 'runEnd') {
      // a failed or stopped run leaves no bar (nor its redraw timer) behind
      this.stopBar();
    }
  }

  private stopBar(): void {
    const bar = this.bar;
    this.bar = null;
    bar?.stop();
  }

  private rate(done: number): number {
    const secs = (performance.now() - this.epochStart) / 1000;
    return secs > 0 ? done / secs : 0;
  }

  private payload(epoch: number, done: number): ProgressPayload {
    const loss = this.loss === undefined ? '' : `loss=${this.loss.toFixed(4)}`;
    const extra = fmt(this.progBar);
    return { epoch, metrics: [loss, extra].filter((s) => s !== '').join(' '), rate: this.rate(done).toFixed(1) };
  }

  private line(epoch: number, done: number): string {
    const rate = this.rate(done);
    const total = Number.isFinite(this.batches) ? this.batches : done;
    const pct = total > 0 ? Math.floor((100 * done) / total) : 100;
    const eta = rate > 0 && total > done ? `${((total - done) / rate).toFixed(1)}s` : '0s';
    const loss = this.loss === undefined ? '' : ` loss=${this.loss.toFixed(4)}`;
    const extra = fmt(this.progBar);
    return `Epoch ${epoch}: ${String(pct).padStart(3)}% ${done}/${total}${loss}${extra ? ` ${extra}` : ''} [${rate.toFixed(1)} it/s, ETA ${eta}]`;
  }
}

/** `process.stdout` on Node (its TTY flag and width read live), `console.log` elsewhere. */
export function defaultSink(): ProgressSink {
  const out = typeof process === 'object' ? process.stdout : undefined;
  return {
    write: (t) => (out ? out.write(t) : console.log(t.replace(/\n$/, ''))),
    get isTTY() {
      return out?.isTTY === true;
    },
    get columns() {
      return out?.columns;
    },
  };
}
