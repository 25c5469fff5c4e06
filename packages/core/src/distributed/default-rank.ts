/** This rank's place in the default process group. */
export interface DefaultRank {
  readonly rank: number;
  readonly worldSize: number;
}

let current: DefaultRank | null = null;

/**
 * Set by a strategy package when its default process group starts (`initProcessGroup` in
 * `@flint/strategy-ddp`) and cleared when it ends, so core code can ask for the rank and world
 * size the way PyTorch's `torch.distributed.get_rank()` / `get_world_size()` answer (per thread:
 * each worker-thread rank has its own module state).
 */
export function setDefaultRank(r: DefaultRank | null): void {
  current = r;
}

/** The default process group's rank and world size, or null when none is initialised. */
export const defaultRank = (): DefaultRank | null => current;
