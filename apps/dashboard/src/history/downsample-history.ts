import type { DashboardEvent } from './dashboard-event.js';

/** Per-step messages: what grows with the run's length, and what a chart can show coarser. */
const thinnable = (e: DashboardEvent): boolean => e.type === 'batchEnd' || e.type === 'metrics';

/**
 * Halves the per-step points of the older half of `events` (every other batch end and metrics
 * row is dropped; epoch ends, checkpoints and the like are all kept), so a long run's history
 * stays bounded while its curves keep their shape: old points get sparser, recent ones stay
 * dense. When nothing can be thinned, the oldest messages go. Returns the kept events, in order.
 */
export function downsampleHistory(events: readonly DashboardEvent[], max: number): DashboardEvent[] {
  const half = events.length >> 1;
  let toggle = false;
  const older = events.slice(0, half).filter((e) => !thinnable(e) || (toggle = !toggle));
  const out = [...older, ...events.slice(half)];
  return out.length > max ? out.slice(out.length - max) : out;
}
