// Node only (cli-progress needs `readline`): reached through `#default-progress-bar`'s node
// condition or `@flint/trainer/node`, never from the browser entry.
import { SingleBar } from 'cli-progress';
import type { ProgressSink, TtyBar, TtyBarFactory } from './progress-bar.js';

/** The bar's line: epoch, bar, percent, batches, loss and progBar metrics, it/s, ETA. */
export const CLI_PROGRESS_FORMAT = 'Epoch {epoch} |{bar}| {percentage}% {value}/{total} {metrics} [{rate} it/s, ETA {eta_formatted}]';

/**
 * A `TtyBar` drawn by `cli-progress` (a SingleBar per epoch, at most 10 redraws a second) on
 * `sink`, which it treats as a terminal stream: it needs `write`, `isTTY` and `columns`.
 */
export const cliProgressBar: TtyBarFactory = (sink: ProgressSink): TtyBar =>
  new SingleBar({
    format: CLI_PROGRESS_FORMAT,
    stream: sink as unknown as NodeJS.WritableStream,
    barsize: 20,
    hideCursor: false,
    gracefulExit: false,
    etaBuffer: 20,
  });
