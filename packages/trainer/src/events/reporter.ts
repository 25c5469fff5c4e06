/** Where the trainer reports problems that must not stop training (a throwing observer). */
export interface Reporter {
  warn(message: string): void;
}

/** The default reporter: `console.warn`. */
export const consoleReporter: Reporter = { warn: (m) => console.warn(m) };
