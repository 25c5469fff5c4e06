// Node: the logical CPUs this process may use. Selected by the `#host-cores` import's `node`
// condition, so a browser bundle never sees `node:os`.
import { availableParallelism } from 'node:os';

/** Logical CPUs available to this process. */
export function hostCores(): number {
  return availableParallelism();
}
