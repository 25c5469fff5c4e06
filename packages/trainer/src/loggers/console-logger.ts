import type { Metrics, TrainerEvent } from '../events/trainer-event.js';
import type { Logger } from './logger.js';

const format = (m: Metrics): string =>
  Object.entries(m)
    .map(([k, v]) => `${k}=${Number.isInteger(v) ? v : v.toPrecision(5)}`)
    .join(' ');

/**
 * Writes every logged row as one line (`step 12 epoch 0 train_loss=0.41234`) to a line sink,
 * `console.log` by default: the browser's devtools console, or a terminal.
 */
export class ConsoleLogger implements Logger {
  readonly name = 'ConsoleLogger';

  constructor(private readonly write: (line: string) => void = (line) => console.log(line)) {}

  async open(): Promise<void> {
    // Nothing to open.
  }

  onEvent(e: TrainerEvent): void {
    if (e.type === 'metrics') this.write(`step ${e.step} epoch ${e.epoch} ${format(e.metrics)}`);
    else if (e.type === 'runEnd') this.write(`run ${e.status}`);
  }

  async flush(): Promise<void> {
    // Lines are written as they are observed.
  }
}
