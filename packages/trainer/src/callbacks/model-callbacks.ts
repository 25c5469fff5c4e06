import type { Callback } from './callback.js';

/**
 * Lightning's `_attach_model_callbacks`: the callbacks a module's `configureCallbacks()`
 * returns join the Trainer's for a run; a Trainer callback of the same class as one of them is
 * replaced by the module's (the module knows best what it needs). Order stays by `order`.
 */
export function attachModelCallbacks(trainerCallbacks: readonly Callback[], moduleCallbacks: readonly Callback[]): Callback[] {
  if (moduleCallbacks.length === 0) return [...trainerCallbacks];
  const replaced = new Set(moduleCallbacks.map((c) => c.constructor));
  return [...trainerCallbacks.filter((c) => !replaced.has(c.constructor)), ...moduleCallbacks];
}
