import { joinPath, type FileSystem } from '../io/file-system.js';
import type { TrainerEvent } from '../events/trainer-event.js';
import { WriteQueue, type Logger } from './logger.js';
import { toYaml } from './yaml.js';

/**
 * Lightning's CSVLogger: `metrics.csv` with one row per logged step, its header growing when
 * new metric names appear (the file is rewritten then), and `hparams.yaml`.
 */
export class CSVLogger implements Logger {
  readonly name = 'CSVLogger';
  private fs: FileSystem | null = null;
  private dir = '';
  private readonly keys: string[] = ['step'];
  private readonly rows: Record<string, number>[] = [];
  private written = 0;
  private headerWritten = 0;
  private readonly queue = new WriteQueue();

  get metricsPath(): string {
    return joinPath(this.dir, 'metrics.csv');
  }

  async open(fs: FileSystem, runDir: string): Promise<void> {
    this.fs = fs;
    this.dir = runDir;
  }

  onEvent(e: TrainerEvent): void {
    if (e.type === 'fitStart') {
      const hp = e.hparams;
      this.queue.push(() => this.fs!.writeFile(joinPath(this.dir, 'hparams.yaml'), toYaml(hp)));
    } else if (e.type === 'metrics') {
      const row: Record<string, number> = { step: e.step, ...e.metrics };
      for (const k of Object.keys(row)) if (!this.keys.includes(k)) this.keys.push(k);
      this.rows.push(row);
      if (this.rows.length - this.written >= 100) this.queue.push(() => this.write());
    } else if (e.type === 'epochEnd' || e.type === 'validationEnd' || e.type === 'runEnd') {
      this.queue.push(() => this.write());
    }
  }

  async flush(): Promise<void> {
    this.queue.push(() => this.write());
    await this.queue.drain();
  }

  private async write(): Promise<void> {
    if (!this.fs || this.rows.length === this.written) return;
    // Rows and keys keep growing while the write is awaited: record what this write covers.
    const rows = this.rows.length;
    const keys = this.keys.slice();
    const line = (r: Record<string, number>): string => keys.map((k) => (r[k] === undefined ? '' : String(r[k]))).join(',');
    if (keys.length !== this.headerWritten) {
      await this.fs.writeFile(this.metricsPath, [keys.join(','), ...this.rows.slice(0, rows).map(line)].join('\n') + '\n');
      this.headerWritten = keys.length;
    } else {
      await this.fs.appendFile(this.metricsPath, this.rows.slice(this.written, rows).map(line).join('\n') + '\n');
    }
    this.written = rows;
  }
}
