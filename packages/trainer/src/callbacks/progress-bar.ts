import type { EventObserver } from '../events/event-bus.js';
import type { TrainerEvent } from '../events/trainer-event.js';

/** Where the progress bar writes (stdout by default) and whether it may redraw a line. */
export interface ProgressSink {
  write(text: string): void;
  readonly isTTY: boolean;
}

const fmt = (m: Readonly<Record<string, number>>): string =>
  Object.entries(m)
    .map(([k, v]) => `${k}=${Math.abs(v) >= 1e4 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(2) : v.toFixed(4)}`)
    .join(' ');

/**
 * The progress bar, an observer of `events$`: on a TTY one line redrawn per batch (percent,
 * loss, progBar metrics, it/s, ETA); otherwise one plain line per epoch and per validation.
 */
export class ProgressBar implements EventObserver {
  readonly name = 'ProgressBar';
  private epochStart = 0;
  private batches = 0;
  private loss: number | undefined;
  private progBar: Readonly<Record<string, number>> = {};

  constructor(private readonly sink: ProgressSink = defaultSink()) {}

  onEvent(e: TrainerEvent): void {
    if (e.type === 'epochStart') {
      this.epochStart = performance.now();
      this.batches = e.batches;
    } else if (e.type === 'batchEnd' && e.stage === 'train') {
      this.loss = e.loss ?? this.loss;
      this.progBar = { ...this.progBar, ...e.progBar };
      if (this.sink.isTTY) this.sink.write(`\r${this.line(e.epoch, e.batchIdx + 1)}\x1b[K`);
    } else if (e.type === 'epochEnd') {
      this.sink.write(`${this.sink.isTTY ? '\r' : ''}${this.line(e.epoch, this.batches)}${this.sink.isTTY ? '\x1b[K' : ''}\n`);
    } else if (e.type === 'validationEnd' && Object.keys(e.metrics).length > 0) {
      this.progBar = { ...this.progBar, ...e.metrics };
    } else if (e.type === 'stageEnd' && (e.stage === 'test' || (e.stage === 'validate' && false))) {
      this.sink.write(`test: ${fmt(e.metrics)}\n`);
    }
  }

  private line(epoch: number, done: number): string {
    const secs = (performance.now() - this.epochStart) / 1000;
    const rate = secs > 0 ? done / secs : 0;
    const total = Number.isFinite(this.batches) ? this.batches : done;
    const pct = total > 0 ? Math.floor((100 * done) / total) : 100;
    const eta = rate > 0 && total > done ? `${((total - done) / rate).toFixed(1)}s` : '0s';
    const loss = this.loss === undefined ? '' : ` loss=${this.loss.toFixed(4)}`;
    const extra = fmt(this.progBar);
    return `Epoch ${epoch}: ${String(pct).padStart(3)}% ${done}/${total}${loss}${extra ? ` ${extra}` : ''} [${rate.toFixed(1)} it/s, ETA ${eta}]`;
  }
}

function defaultSink(): ProgressSink {
  const out = typeof process === 'object' ? process.stdout : undefined;
  return { write: (t) => (out ? out.write(t) : console.log(t.replace(/\n$/, ''))), isTTY: out?.isTTY === true };
}
