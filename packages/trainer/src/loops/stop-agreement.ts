import type { Strategy } from '@flint/core';
import type { LoopState } from './loop-state.js';

/** The strategy's part in agreeing on a stop: rank 0's decision goes to every rank. */
export type StopBroadcast = Pick<Strategy, 'worldSize' | 'broadcast'>;

/**
 * Makes every rank act on rank 0's stop decision (early stopping, Timer, a callback's request),
 * so that no rank leaves the loop while the others wait in a collective. One rank: a no-op.
 */
export async function agreeOnStop(state: LoopState, strategy: StopBroadcast): Promise<void> {
  if (strategy.worldSize <= 1) return;
  const d = await strategy.broadcast({ stop: state.shouldStop, reason: state.stopReason ?? null, now: state.stopNow });
  state.shouldStop = d.stop;
  state.stopReason = d.reason ?? undefined;
  state.stopNow = d.now;
}
