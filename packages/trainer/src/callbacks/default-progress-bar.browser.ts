// Browser: the `#default-progress-bar` import's default condition; plain lines on the console.
import { ProgressBar } from './progress-bar.js';

/** The Trainer's progress bar in a browser: one plain line per epoch. */
export async function defaultProgressBar(): Promise<ProgressBar> {
  return new ProgressBar();
}
