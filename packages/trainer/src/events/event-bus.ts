import '../di/reflect-polyfill.js';
import { inject, injectable } from 'tsyringe';
import { OBSERVER_ERRORS } from '../di/tokens.js';
import { Subject, type Observable, type Subscription } from 'rxjs';
import type { EventOf, TrainerEvent, TrainerEventType } from './trainer-event.js';
import type { ObserverErrors } from './observer-errors.js';
import { GuardedObservable } from './guarded-observable.js';

/** Something that watches the run (a logger, the progress bar, a dashboard). */
export interface EventObserver {
  /** Shown when it throws. */
  readonly name: string;
  onEvent(event: TrainerEvent): void;
}

/**
 * The trainer's event stream. The Subject stays private; `events$` is what the world sees.
 * Nothing here touches RxJS's process-global `config`, so two Trainers never share an error handler.
 * `observe` wraps an observer so that a throw is counted and reported, never propagated.
 */
@injectable()
export class EventBus {
  readonly #subject = new Subject<TrainerEvent>();
  /** Errors thrown by its subscribers are counted as `events$ subscriber` in this bus's `ObserverErrors`. */
  readonly events$: Observable<TrainerEvent>;

  constructor(@inject(OBSERVER_ERRORS) private readonly errors: ObserverErrors) {
    this.events$ = new GuardedObservable<TrainerEvent>(
      (err) => errors.record('events$ subscriber', err),
      (subscriber) => this.#subject.subscribe(subscriber),
    );
  }

  emit(event: TrainerEvent): void {
    this.#subject.next(event);
  }

  /** Subscribes an observer; its errors are counted in `ObserverErrors`, training goes on. */
  observe(observer: EventObserver): Subscription {
    return this.events$.subscribe((e) => {
      try {
        observer.onEvent(e);
      } catch (err) {
        this.errors.record(observer.name, err);
      }
    });
  }

  /** Calls `fn` for events of one type only. */
  on<K extends TrainerEventType>(type: K, name: string, fn: (e: EventOf<K>) => void): Subscription {
    return this.observe({ name, onEvent: (e) => e.type === type && fn(e as EventOf<K>) });
  }

  complete(): void {
    this.#subject.complete();
  }
}
