import type { Subscription } from 'rxjs';
import type { EventBus } from '../events/event-bus.js';
import type { TrainerEvent } from '../events/trainer-event.js';
import type { FileSystem } from '../io/file-system.js';
import { writeProfilerFiles } from './profiler-files.js';
import { formatProfilerTable } from './profiler-table.js';
import { Profiler } from './profiler.js';

/** The `profiler` trainer option as a Profiler (null when off). */
export function createProfiler(option: 'simple' | 'advanced' | Profiler | undefined): Profiler | null {
  if (option === undefined) return null;
  if (option instanceof Profiler) return option;
  if (option !== 'simple' && option !== 'advanced') throw new RangeError(`Trainer: profiler must be 'simple', 'advanced' or a Profiler, got '${String(option)}'`);
  return new Profiler(option);
}

/** Loop phases timed from the event stream (Lightning's action names). */
function phase(e: TrainerEvent): { action: string; start: boolean } | null {
  switch (e.type) {
    case 'epochStart':
    case 'epochEnd':
      return { action: 'run_training_epoch', start: e.type === 'epochStart' };
    case 'batchStart':
    case 'batchEnd':
      return { action: e.stage === 'train' ? 'run_training_batch' : `run_${e.stage}_batch`, start: e.type === 'batchStart' };
    case 'stageStart':
    case 'stageEnd':
      return { action: `run_${e.stage}`, start: e.type === 'stageStart' };
    default:
      return null;
  }
}

/**
 * Wires a Profiler into one run: times loop phases from the event stream while the run lasts,
 * then prints the table and writes the JSON and Chrome trace files.
 */
export class ProfilerConnector {
  private sub: Subscription | null = null;

  constructor(readonly profiler: Profiler) {}

  begin(bus: EventBus): void {
    this.profiler.begin();
    this.sub = bus.observe({
      name: 'Profiler',
      onEvent: (e) => {
        const p = phase(e);
        if (p?.start) this.profiler.start(p.action);
        else if (p) this.profiler.stop(p.action);
      },
    });
  }

  async end(stage: string, fs: FileSystem, dir: string, rank: number): Promise<void> {
    this.sub?.unsubscribe();
    this.sub = null;
    const summary = await this.profiler.end(stage);
    (this.profiler.options.print ?? ((t: string) => console.log(t)))(formatProfilerTable(summary));
    this.profiler.lastFiles = await writeProfilerFiles(fs, this.profiler.options.dirpath ?? dir, summary, rank);
  }
}
