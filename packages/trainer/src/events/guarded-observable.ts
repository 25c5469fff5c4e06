import { Observable, Subscriber, type Observer, type Operator, type Subscription, type TeardownLogic } from 'rxjs';

/** Where a throwing subscriber's error goes instead of RxJS's process-global `config.onUnhandledError`. */
export type SubscriberErrorSink = (error: unknown) => void;

/**
 * An Observable whose subscribers' callbacks are guarded: a `next`/`error`/`complete` callback
 * that throws is handed to this stream's own sink. `lift` keeps the type, so
 * `events$.pipe(filter(...)).subscribe(fn)` is guarded too. This keeps every Trainer's
 * observer errors with that Trainer instead of in RxJS's one global handler.
 */
export class GuardedObservable<T> extends Observable<T> {
  constructor(
    private readonly sink: SubscriberErrorSink,
    subscribe?: (this: Observable<T>, subscriber: Subscriber<T>) => TeardownLogic,
  ) {
    super(subscribe);
  }

  override lift<R>(operator?: Operator<T, R>): Observable<R> {
    const lifted = new GuardedObservable<R>(this.sink);
    lifted.source = this;
    lifted.operator = operator;
    return lifted;
  }

  override subscribe(observerOrNext?: Partial<Observer<T>> | ((value: T) => void) | null): Subscription {
    // Operators subscribe with a Subscriber of their own: only user callbacks are wrapped.
    if (observerOrNext instanceof Subscriber || observerOrNext == null) return super.subscribe(observerOrNext ?? undefined);
    const observer: Partial<Observer<T>> = typeof observerOrNext === 'function' ? { next: observerOrNext } : observerOrNext;
    return super.subscribe({
      next: observer.next && this.#guard(observer.next.bind(observer)),
      error: observer.error && this.#guard(observer.error.bind(observer)),
      complete: observer.complete && this.#guard(observer.complete.bind(observer)),
    });
  }

  #guard<A extends unknown[]>(fn: (...args: A) => void): (...args: A) => void {
    return (...args) => {
      try {
        fn(...args);
      } catch (err) {
        this.sink(err);
      }
    };
  }
}
