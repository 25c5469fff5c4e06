import type { Strategy } from '@flint/core';

/** Where this process sits in a run (Lightning's `trainer.global_rank`, `local_rank`, ...). */
export interface RankInfo {
  readonly globalRank: number;
  readonly localRank: number;
  readonly nodeRank: number;
  readonly worldSize: number;
  readonly isGlobalZero: boolean;
}

type Env = Readonly<Record<string, string | undefined>>;

const envInt = (env: Env, name: string): number | undefined => {
  const n = Number(env[name]);
  return env[name] !== undefined && Number.isInteger(n) && n >= 0 ? n : undefined;
};

/**
 * The rank layout from a run's strategy, or, before the first run, from the launcher's
 * variables (RANK, LOCAL_RANK, WORLD_SIZE, NODE_RANK/GROUP_RANK, as torchrun and `flint run`
 * set them; none in a browser): a script can ask `trainer.globalRank` before `fit`.
 */
export function rankInfo(strategy: Pick<Strategy, 'rank' | 'worldSize' | 'localRank' | 'nodeRank'> | null): RankInfo {
  if (strategy) {
    const { rank, worldSize } = strategy;
    return { globalRank: rank, localRank: strategy.localRank ?? rank, nodeRank: strategy.nodeRank ?? 0, worldSize, isGlobalZero: rank === 0 };
  }
  const env: Env = (globalThis as { process?: { env?: Env } }).process?.env ?? {};
  const globalRank = envInt(env, 'RANK') ?? 0;
  return {
    globalRank,
    localRank: envInt(env, 'LOCAL_RANK') ?? globalRank,
    nodeRank: envInt(env, 'NODE_RANK') ?? envInt(env, 'GROUP_RANK') ?? 0,
    worldSize: envInt(env, 'WORLD_SIZE') ?? 1,
    isGlobalZero: globalRank === 0,
  };
}
