// Node: the `#default-progress-bar` import's node condition. cli-progress is imported only when
// stdout is a terminal, and never by a browser bundle.
import { defaultSink, ProgressBar } from './progress-bar.js';

/** The Trainer's progress bar: `cli-progress` on a TTY, plain lines otherwise. */
export async function defaultProgressBar(): Promise<ProgressBar> {
  const sink = defaultSink();
  if (!sink.isTTY) return new ProgressBar(sink);
  const { cliProgressBar } = await import('./cli-progress-bar.js');
  return new ProgressBar(sink, cliProgressBar);
}
