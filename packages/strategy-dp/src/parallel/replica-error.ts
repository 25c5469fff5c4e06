import { FlintError } from '@flint/core';

/** Names the replica in an error its forward threw, keeping the error's type. */
export function inReplica(e: unknown, index: number, device: string): unknown {
  if (e instanceof Error && !(e instanceof FlintError && e.message.startsWith('DataParallel'))) {
    e.message = `DataParallel replica ${index} on ${device}: ${e.message}`;
  }
  return e;
}
