import type { DashboardEvent, DashboardPayload } from './dashboard-event.js';
import { downsampleHistory } from './downsample-history.js';

/** Messages a history keeps by default (a few MB): older per-step points are thinned beyond it. */
export const DEFAULT_MAX_EVENTS = 20_000;

/**
 * Every message of a run, in order, so a page that connects late or reloads gets the whole
 * history before the live tail. Statuses are kept once per rank and device (the latest), since only the
 * current one is shown. Listeners hear each message as it is appended. At most `maxEvents`
 * are kept: past that, the older half's per-step points are thinned (`downsampleHistory`).
 */
export class RunHistory {
  private events: DashboardEvent[] = [];
  private readonly statuses = new Map<string, DashboardEvent>();
  private readonly listeners = new Set<(e: DashboardEvent) => void>();
  private seq = 0;

  constructor(
    private readonly now: () => number = Date.now,
    readonly maxEvents: number = DEFAULT_MAX_EVENTS,
  ) {}

  /** Numbers, stores and broadcasts one message; returns it as stored. */
  append(payload: DashboardPayload, at: number = this.now()): DashboardEvent {
    const e = { ...payload, seq: ++this.seq, at } as DashboardEvent;
    if (e.type === 'status') this.statuses.set(`${e.rank}/${e.device}`, e);
    else {
      this.events.push(e);
      if (this.events.length > this.maxEvents) this.events = downsampleHistory(this.events, this.maxEvents);
    }
    for (const l of this.listeners) l(e);
    return e;
  }

  /** Messages with a sequence number above `afterSeq` (all by default), in order. */
  since(afterSeq = 0): DashboardEvent[] {
    const out = this.events.filter((e) => e.seq > afterSeq);
    for (const s of this.statuses.values()) if (s.seq > afterSeq) out.push(s);
    return out.sort((a, b) => a.seq - b.seq);
  }

  get size(): number {
    return this.events.length;
  }

  /** Calls `fn` for each message appended from now on; returns the unsubscribe function. */
  listen(fn: (e: DashboardEvent) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }
}
