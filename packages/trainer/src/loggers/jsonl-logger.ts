import { joinPath, type FileSystem } from '../io/file-system.js';
import type { TrainerEvent } from '../events/trainer-event.js';
import { WriteQueue, type Logger } from './logger.js';

/** One JSON object per line in `metrics.jsonl`: every metrics event, then a final status line. */
export class JsonlLogger implements Logger {
  readonly name = 'JsonlLogger';
  private fs: FileSystem | null = null;
  private path = '';
  private buffer: string[] = [];
  private readonly queue = new WriteQueue();

  async open(fs: FileSystem, runDir: string): Promise<void> {
    this.fs = fs;
    this.path = joinPath(runDir, 'metrics.jsonl');
    await fs.writeFile(this.path, '');
  }

  onEvent(e: TrainerEvent): void {
    if (e.type === 'metrics') this.buffer.push(JSON.stringify({ step: e.step, epoch: e.epoch, ...e.metrics }));
    else if (e.type === 'runEnd') this.buffer.push(JSON.stringify({ status: e.status }));
    else return;
    if (this.buffer.length >= 50 || e.type === 'runEnd') this.queue.push(() => this.write());
  }

  async flush(): Promise<void> {
    this.queue.push(() => this.write());
    await this.queue.drain();
  }

  private async write(): Promise<void> {
    if (!this.fs || this.buffer.length === 0) return;
    const lines = this.buffer;
    this.buffer = [];
    await this.fs.appendFile(this.path, lines.join('\n') + '\n');
  }
}
