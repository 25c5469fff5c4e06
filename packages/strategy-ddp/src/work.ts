import type { Work } from '@flint/core';

/** A collective in flight: wraps its promise and records completion (PyTorch's `Work`). */
export class PromiseWork<T> implements Work<T> {
  #completed = false;
  readonly #promise: Promise<T>;

  constructor(promise: Promise<T>) {
    this.#promise = promise.then(
      (v) => {
        this.#completed = true;
        return v;
      },
      (e: unknown) => {
        this.#completed = true;
        throw e;
      },
    );
    // An unawaited failed handle must not crash the process; `wait()` still rejects.
    this.#promise.catch(() => undefined);
  }

  get completed(): boolean {
    return this.#completed;
  }

  wait(): Promise<T> {
    return this.#promise;
  }
}
