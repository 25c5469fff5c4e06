/** Where this rank sits in the job, as torchrun, mpirun or srun describe it. */
export interface DistEnv {
  readonly rank: number;
  readonly worldSize: number;
  readonly localRank: number;
  readonly localWorldSize: number;
  readonly masterAddr: string;
  readonly masterPort: number;
  /** Which launcher's variables were read: 'torchrun', 'openmpi', 'slurm' or 'default'. */
  readonly source: 'torchrun' | 'openmpi' | 'slurm' | 'default';
}

type Env = Readonly<Record<string, string | undefined>>;

const DEFAULT_MASTER_ADDR = '127.0.0.1';
const DEFAULT_MASTER_PORT = 29500;

function int(env: Env, name: string): number | undefined {
  const v = env[name];
  if (v === undefined || v === '') return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new Error(`distributed env: ${name}=${JSON.stringify(v)} is not a non-negative integer`);
  return n;
}

/** First node of a Slurm node list (`node[01-04],gpu7` -> `node01`). */
export function firstSlurmHost(nodeList: string): string {
  const m = /^([^,[]+)(?:\[([^\],-]+))?/.exec(nodeList.trim());
  return m ? m[1] + (m[2] ?? '') : nodeList;
}

/**
 * Reads the rank layout from the environment (`env://`): torchrun's RANK/WORLD_SIZE/
 * LOCAL_RANK/LOCAL_WORLD_SIZE first, then OpenMPI's OMPI_COMM_WORLD_*, then Slurm's SLURM_*;
 * MASTER_ADDR/MASTER_PORT (default 127.0.0.1:29500; under Slurm the first host of
 * SLURM_JOB_NODELIST). Without any of them this is a single rank.
 */
export function readDistEnv(env: Env = process.env): DistEnv {
  const masterPort = int(env, 'MASTER_PORT') ?? DEFAULT_MASTER_PORT;
  const addr = env['MASTER_ADDR'];
  const pick = (source: DistEnv['source'], r: string, w: string, lr: string, lw: string): DistEnv | undefined => {
    const rank = int(env, r);
    const worldSize = int(env, w);
    if (rank === undefined || worldSize === undefined) return undefined;
    if (rank >= worldSize) throw new Error(`distributed env: ${r}=${rank} is not below ${w}=${worldSize}`);
    const localRank = int(env, lr) ?? rank;
    // SLURM_NTASKS_PER_NODE may read '2(x3)': its leading count is the per-node size.
    const localWorldSize = env[lw] ? Number.parseInt(env[lw] ?? '', 10) || worldSize : worldSize;
    const slurmHost = source === 'slurm' && env['SLURM_JOB_NODELIST'] ? firstSlurmHost(env['SLURM_JOB_NODELIST']) : undefined;
    return { rank, worldSize, localRank, localWorldSize, masterAddr: addr ?? slurmHost ?? DEFAULT_MASTER_ADDR, masterPort, source };
  };
  return (
    pick('torchrun', 'RANK', 'WORLD_SIZE', 'LOCAL_RANK', 'LOCAL_WORLD_SIZE') ??
    pick('openmpi', 'OMPI_COMM_WORLD_RANK', 'OMPI_COMM_WORLD_SIZE', 'OMPI_COMM_WORLD_LOCAL_RANK', 'OMPI_COMM_WORLD_LOCAL_SIZE') ??
    pick('slurm', 'SLURM_PROCID', 'SLURM_NTASKS', 'SLURM_LOCALID', 'SLURM_NTASKS_PER_NODE') ?? {
      rank: 0,
      worldSize: 1,
      localRank: 0,
      localWorldSize: 1,
      masterAddr: addr ?? DEFAULT_MASTER_ADDR,
      masterPort,
      source: 'default',
    }
  );
}
