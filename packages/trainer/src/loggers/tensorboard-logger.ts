import { joinPath, type FileSystem } from '../io/file-system.js';
import type { TrainerEvent } from '../events/trainer-event.js';
import { WriteQueue, type Logger } from './logger.js';
import { encodeEvent } from './event-proto.js';
import { frameRecord } from './tfrecord.js';
import { toYaml } from './yaml.js';

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

/**
 * Lightning's TensorBoardLogger: scalar summaries in a real `events.out.tfevents.*` file (TFRecord
 * framing with masked CRC-32C, `Event` protobufs with `simple_value`s), written in the run's
 * versioned directory with `hparams.yaml` beside it. One event per logged step, all of the
 * step's metrics in it; records are appended in batches and at epoch and run ends.
 */
export class TensorBoardLogger implements Logger {
  readonly name = 'TensorBoardLogger';
  private fs: FileSystem | null = null;
  private dir = '';
  private file = '';
  private pending: Uint8Array[] = [];
  private readonly queue = new WriteQueue();

  constructor(private readonly clock: () => number = Date.now) {}

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
    } else if (e.type === 'metrics') {
      this.pending.push(frameRecord(encodeEvent({ wallTime: this.clock() / 1000, step: e.step, scalars: e.metrics })));
      if (this.pending.length >= 100) this.queue.push(() => this.write());
    } else if (e.type === 'epochEnd' || e.type === 'validationEnd' || e.type === 'runEnd') {
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
