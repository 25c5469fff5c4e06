import { FlintError } from '@flint/core';
import type { DistEnv } from '../env.js';

/** The Trainer's `devices` and the ranks a launcher started per machine disagree. */
export class LaunchedDevicesError extends FlintError {
  constructor(
    readonly devices: number,
    readonly launchedPerNode: number,
    readonly source: DistEnv['source'],
  ) {
    super(
      `strategy 'ddp': devices is ${devices} but the launcher (${source} variables) started ${launchedPerNode} rank(s) on this machine; ` +
        `make them agree: devices: ${launchedPerNode}, or launch ${devices} per machine (flint run --nproc-per-node ${devices})`,
    );
  }
}

/**
 * Lightning's check of `devices` against a launched job: with RANK set by `flint run`,
 * torchrun, mpirun or srun, the ranks per machine (LOCAL_WORLD_SIZE, or WORLD_SIZE on one
 * machine) must equal `devices`. `devices: 1`, the default, takes the launcher's layout.
 */
export function checkLaunchedDevices(devices: number, env: DistEnv): void {
  if (devices <= 1 || env.source === 'default') return;
  if (env.localWorldSize !== devices) throw new LaunchedDevicesError(devices, env.localWorldSize, env.source);
}
