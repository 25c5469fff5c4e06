import { joinPath, type FileSystem } from '../io/file-system.js';
import type { TrainerEvent } from '../events/trainer-event.js';
import { WriteQueue, type Logger } from './logger.js';
import { encodeEvent } from './event-proto.js';
import { frameRecord } from './tfrecord.js';
import { toYaml } from './yaml.js';
import { histogramValue, imageValue } from './summary-values.js';
import { encodePng } from './png-encode.js';
import { experimentValue, flattenHparams, sessionEndValue, sessionStartValue } from './hparams-plugin.js';

let fileCounter = 0;

interface HostInfo {
  readonly pid?: number;
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** `events.out.tfevents.<10-digit seconds>.<host>.<pid>.<n>`, TensorFlow's naming. */
function eventFileName(now: number): string {
  const proc = (globalThis as { process?: HostInfo }).process;
  const host = (proc?.env?.['HOSTNAME'] ?? 'flint').replace(/[^\w.-]/g, '_');
  return `events.out.tfevents.${String(Math.floor(now / 1000)).padStart(10, '0')}.${host}.${proc?.pid ?? 0}.${fileCounter++}`;
}

/** Options of `TensorBoardLogger` beyond its clock. */
export interface TensorBoardLoggerOptions {
  /** Metric tags the HPARAMS tab lists next to each run's hyper-parameters (default none). */
  readonly hparamMetrics?: readonly string[];
}

/**
 * Lightning's TensorBoardLogger: scalar summaries in a real `events.out.tfevents.*` file (TFRecord
 * framing with masked CRC-32C, `Event` protobufs with `simple_value`s), written in the run's
 * versioned directory with `hparams.yaml` beside it. One event per logged step, all of the
 * step's metrics in it; records are appended in batches and at epoch and run ends. The
 * hyper-parameters also go to the hparams plugin (experiment and session start at fit start,
 * session end with the run's status), and `logHistogram` / `logImage` add those summaries.
 */
export class TensorBoardLogger implements Logger {
  readonly name = 'TensorBoardLogger';
  private fs: FileSystem | null = null;
  private dir = '';
  private file = '';
  private pending: Uint8Array[] = [];
  private readonly queue = new WriteQueue();

  constructor(
    private readonly clock: () => number = Date.now,
    private readonly opts: TensorBoardLoggerOptions = {},
  ) {}

  /** A histogram of `values` (30 equal-width buckets) at `step`, on TensorBoard's HISTOGRAMS tab. */
  logHistogram(tag: string, values: ArrayLike<number>, step: number): void {
    this.record(step, histogramValue(tag, values));
  }

  /** An 8-bit image (row-major HWC `pixels`, 1, 3 or 4 channels) at `step`, on the IMAGES tab. */
  logImage(tag: string, pixels: Uint8Array, height: number, width: number, channels: 1 | 3 | 4, step: number): void {
    this.record(step, imageValue(tag, encodePng(pixels, height, width, channels), height, width, channels));
  }

  private record(step: number, ...values: Uint8Array[]): void {
    this.pending.push(frameRecord(encodeEvent({ wallTime: this.clock() / 1000, step, values })));
    if (this.pending.length >= 100) this.queue.push(() => this.write());
  }

  /** The event file of the current run ('' before `open`). */
  get eventFilePath(): string {
    return this.file;
  }

  async open(fs: FileSystem, runDir: string): Promise<void> {
    this.fs = fs;
    this.dir = runDir;
    const now = this.clock();
    this.file = joinPath(runDir, eventFileName(now));
    await fs.writeFile(this.file, frameRecord(encodeEvent({ wallTime: now / 1000, step: 0, fileVersion: 'brain.Event:2' })));
  }

  onEvent(e: TrainerEvent): void {
    if (e.type === 'fitStart') {
      const hp = e.hparams;
      this.queue.push(async () => this.fs?.writeFile(joinPath(this.dir, 'hparams.yaml'), toYaml(hp)));
      const flat = flattenHparams(hp);
      this.record(0, experimentValue(flat, this.opts.hparamMetrics ?? []));
      this.record(0, sessionStartValue(flat, this.clock() / 1000));
    } else if (e.type === 'metrics') {
      this.pending.push(frameRecord(encodeEvent({ wallTime: this.clock() / 1000, step: e.step, scalars: e.metrics })));
      if (this.pending.length >= 100) this.queue.push(() => this.write());
    } else if (e.type === 'runEnd') {
      this.record(0, sessionEndValue(e.status !== 'failed', this.clock() / 1000));
      this.queue.push(() => this.write());
    } else if (e.type === 'epochEnd' || e.type === 'validationEnd') {
      this.queue.push(() => this.write());
    }
  }

  async flush(): Promise<void> {
    this.queue.push(() => this.write());
    await this.queue.drain();
  }

  private async write(): Promise<void> {
    if (!this.fs || this.pending.length === 0) return;
    const records = this.pending;
    this.pending = [];
    const out = new Uint8Array(records.reduce((n, r) => n + r.length, 0));
    let at = 0;
    for (const r of records) {
      out.set(r, at);
      at += r.length;
    }
    await this.fs.appendFile(this.file, out);
  }
}
