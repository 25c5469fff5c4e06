/** Where the trainer reports problems that must not stop training (a throwing observer). */
export interface Reporter {
  warn(message: string): void;
  /** Plain information (the Trainer's start line); reporters without it stay silent. */
  info?(message: string): void;
}

/** The default reporter: `console.warn`, and `console.log` for information. */
export const consoleReporter: Reporter = { warn: (m) => console.warn(m), info: (m) => console.log(m) };
