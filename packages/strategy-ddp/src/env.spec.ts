import { describe, it, expect } from 'vitest';
import { firstSlurmHost, readDistEnv } from './env.js';

describe('readDistEnv', () => {
  it("reads torchrun's variables", () => {
    expect(readDistEnv({ RANK: '3', WORLD_SIZE: '8', LOCAL_RANK: '1', LOCAL_WORLD_SIZE: '2', MASTER_ADDR: '10.0.0.1', MASTER_PORT: '1234' })).toEqual({
      rank: 3, worldSize: 8, localRank: 1, localWorldSize: 2, masterAddr: '10.0.0.1', masterPort: 1234, source: 'torchrun',
    });
  });

  it("reads OpenMPI's mpirun variables", () => {
    const e = readDistEnv({ OMPI_COMM_WORLD_RANK: '1', OMPI_COMM_WORLD_SIZE: '2', OMPI_COMM_WORLD_LOCAL_RANK: '1', OMPI_COMM_WORLD_LOCAL_SIZE: '2' });
    expect(e).toMatchObject({ rank: 1, worldSize: 2, localRank: 1, localWorldSize: 2, masterAddr: '127.0.0.1', masterPort: 29500, source: 'openmpi' });
  });

  it("reads Slurm's srun variables and takes the first node as master", () => {
    const e = readDistEnv({ SLURM_PROCID: '5', SLURM_NTASKS: '8', SLURM_LOCALID: '1', SLURM_NTASKS_PER_NODE: '4(x2)', SLURM_JOB_NODELIST: 'gpu[07-08],cpu1', MASTER_PORT: '29600' });
    expect(e).toEqual({ rank: 5, worldSize: 8, localRank: 1, localWorldSize: 4, masterAddr: 'gpu07', masterPort: 29600, source: 'slurm' });
    expect(firstSlurmHost('node1')).toBe('node1');
  });

  it('is one rank without any launcher, and rejects nonsense', () => {
    expect(readDistEnv({})).toMatchObject({ rank: 0, worldSize: 1, source: 'default' });
    expect(() => readDistEnv({ RANK: '2', WORLD_SIZE: '2' })).toThrow(/RANK=2 is not below WORLD_SIZE=2/);
    expect(() => readDistEnv({ RANK: 'x', WORLD_SIZE: '2' })).toThrow(/RANK="x" is not a non-negative integer/);
  });
});
