import type { Callback } from './callback.js';

/** A control callback threw; `fit` stops with this error, which names the callback and hook. */
export class CallbackError extends Error {
  override readonly name = 'CallbackError';

  constructor(
    readonly callback: string,
    readonly hook: string,
    override readonly cause: unknown,
  ) {
    super(`${callback}.${hook} threw: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}

/**
 * Calls control callbacks one after another in ascending `order` (stable), awaiting each, and
 * wraps a throw in `CallbackError` naming the callback. `hook` is only the label for errors;
 * the call itself is the typed function the caller passes.
 */
export class CallbackRunner {
  readonly callbacks: readonly Callback[];

  constructor(callbacks: readonly Callback[]) {
    this.callbacks = callbacks
      .map((c, i) => ({ c, i }))
      .sort((a, b) => a.c.order - b.c.order || a.i - b.i)
      .map(({ c }) => c);
  }

  async run(hook: string, call: (cb: Callback) => void | Promise<void>): Promise<void> {
    for (const cb of this.callbacks) {
      try {
        await call(cb);
      } catch (e) {
        throw e instanceof CallbackError ? e : new CallbackError(cb.name, hook, e);
      }
    }
  }

  /** For hooks inside the optimizer step (run inside `tidy`): a callback may not return a promise. */
  runSync(hook: string, call: (cb: Callback) => void | Promise<void>): void {
    for (const cb of this.callbacks) {
      let out: unknown;
      try {
        out = call(cb);
      } catch (e) {
        throw new CallbackError(cb.name, hook, e);
      }
      if (out instanceof Promise) throw new CallbackError(cb.name, hook, new TypeError(`${hook} runs inside the optimizer step and must be synchronous`));
    }
  }

  /** Every callback's `onException`, each once; their own errors are collected, not thrown. */
  async runAll(call: (cb: Callback) => void | Promise<void>): Promise<unknown[]> {
    const errors: unknown[] = [];
    for (const cb of this.callbacks) {
      try {
        await call(cb);
      } catch (e) {
        errors.push(e);
      }
    }
    return errors;
  }
}
