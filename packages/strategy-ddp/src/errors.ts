import { FlintError } from '@flint/core';

/** A collective did not complete within the group's `timeoutMs`; `missingRanks` never arrived. */
export class CollectiveTimeoutError extends FlintError {
  constructor(
    readonly collective: string,
    readonly missingRanks: readonly number[],
    readonly timeoutMs: number,
  ) {
    super(`${collective}: timed out after ${timeoutMs} ms waiting for rank(s) ${missingRanks.join(', ')}`);
  }
}

/** A peer rank died (thread terminated, process killed, connection closed) during a collective. */
export class RankFailedError extends FlintError {
  constructor(
    readonly collective: string,
    readonly failedRank: number,
    readonly reason: string,
  ) {
    super(`${collective}: rank ${failedRank} failed (${reason})`);
  }
}

/** Ranks called a collective with different ops or byte lengths: never a silently wrong result. */
export class CollectiveMismatchError extends FlintError {
}

/** The process group was used before `initProcessGroup` or after `destroy`. */
export class ProcessGroupError extends FlintError {
}

/** `TensorQueue.get` found nothing within its timeout. */
export class QueueTimeoutError extends FlintError {
  constructor(
    readonly queue: string,
    readonly timeoutMs: number,
  ) {
    super(`TensorQueue '${queue}': get timed out after ${timeoutMs} ms with nothing put`);
  }
}
