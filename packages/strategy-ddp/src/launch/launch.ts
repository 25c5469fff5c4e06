import { spawn as spawnProcess, type ChildProcess } from 'node:child_process';
import { freePort } from './free-port.js';

export interface LaunchOptions {
  /** Ranks on this node. */
  nprocPerNode: number;
  /** The script each rank runs (with `node`, or `command` when given). */
  script: string;
  args?: readonly string[];
  nnodes?: number;
  nodeRank?: number;
  masterAddr?: string;
  /** Default: a free port on this node (a new one for each restart). */
  masterPort?: number;
  /** Runtime and flags before the script (default: this node binary and its execArgv). */
  command?: readonly string[];
  env?: Readonly<Record<string, string>>;
  /** Where rank output goes (default: inherited). */
  stdio?: 'inherit' | 'pipe' | 'ignore';
  /** How long ranks get to exit after SIGTERM before SIGKILL. */
  killGraceMs?: number;
  /**
   * torchrun's `--max-restarts`: after a failure, once every rank has exited, start all ranks
   * again, up to this many times (default 0). Ranks see the attempt (0 first) in
   * TORCHELASTIC_RESTART_COUNT and FLINT_RESTART_COUNT.
   */
  maxRestarts?: number;
  /** Called before each restart with its number (1-based) and the failure that caused it. */
  onRestart?: (restart: number, cause: LaunchError) => void;
}

/** A rank process failed: the first one, with its exit code or signal. */
export class LaunchError extends Error {
  constructor(
    readonly rank: number,
    readonly exitCode: number | null,
    readonly signal: NodeJS.Signals | null,
  ) {
    super(`launch: rank ${rank} failed (${signal ? `signal ${signal}` : `exit code ${exitCode}`}); the other ranks were stopped`);
    this.name = 'LaunchError';
  }
}

const FORWARDED: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/**
 * torchrun for Flint (`flint run --nproc-per-node N script.js`): starts the ranks of this node
 * with RANK, WORLD_SIZE, LOCAL_RANK, LOCAL_WORLD_SIZE, MASTER_ADDR, MASTER_PORT set, forwards
 * SIGINT/SIGTERM/SIGHUP to them, and resolves when all exit 0. When any rank fails, the others
 * get SIGTERM (SIGKILL after `killGraceMs`); once every rank has exited, all are started again
 * if restarts are left (`maxRestarts`), else the promise rejects with `LaunchError` naming the
 * first failed rank and its exit code or signal. No rank outlives the returned promise.
 */
export async function launch(opts: LaunchOptions): Promise<void> {
  const maxRestarts = opts.maxRestarts ?? 0;
  for (let attempt = 0; ; attempt++) {
    const failure = await runRanks(opts, attempt);
    if (!failure) return;
    if (attempt >= maxRestarts) throw failure;
    opts.onRestart?.(attempt + 1, failure);
  }
}

/** One attempt: resolves with the first failure (after every rank exited), or null. */
async function runRanks(opts: LaunchOptions, attempt: number): Promise<LaunchError | null> {
  const nnodes = opts.nnodes ?? 1;
  const nodeRank = opts.nodeRank ?? 0;
  const masterAddr = opts.masterAddr ?? '127.0.0.1';
  const masterPort = opts.masterPort ?? (await freePort(masterAddr));
  const worldSize = nnodes * opts.nprocPerNode;
  const cmd = opts.command ?? [process.execPath, ...process.execArgv];
  const children: ChildProcess[] = [];
  const forward = (sig: NodeJS.Signals): void => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill(sig);
  };
  for (const s of FORWARDED) process.on(s, forward);
  try {
    return await new Promise<LaunchError | null>((resolve) => {
      let exited = 0;
      let failure: LaunchError | null = null;
      let grace: NodeJS.Timeout | undefined;
      for (let local = 0; local < opts.nprocPerNode; local++) {
        const rank = nodeRank * opts.nprocPerNode + local;
        const env = {
          ...process.env,
          // As torchrun: the attempt number (a caller's own value in `env` wins).
          TORCHELASTIC_RESTART_COUNT: String(attempt),
          FLINT_RESTART_COUNT: String(attempt),
          ...opts.env,
          RANK: String(rank),
          LOCAL_RANK: String(local),
          WORLD_SIZE: String(worldSize),
          LOCAL_WORLD_SIZE: String(opts.nprocPerNode),
          GROUP_RANK: String(nodeRank),
          MASTER_ADDR: masterAddr,
          MASTER_PORT: String(masterPort),
        };
        const child = spawnProcess(cmd[0], [...cmd.slice(1), opts.script, ...(opts.args ?? [])], { env, stdio: opts.stdio ?? 'inherit' });
        children.push(child);
        // A command that cannot start emits 'error' and never 'exit': count it as a failed exit.
        child.once('error', () => {
          if (child.pid === undefined) child.emit('exit', 127, null);
        });
        child.on('exit', (code, signal) => {
          exited++;
          if ((code !== 0 || signal) && !failure) {
            failure = new LaunchError(rank, code, signal);
            forward('SIGTERM');
            grace = setTimeout(() => forward('SIGKILL'), opts.killGraceMs ?? 5000);
          }
          if (exited === children.length) {
            clearTimeout(grace);
            resolve(failure);
          }
        });
      }
    });
  } finally {
    for (const s of FORWARDED) process.off(s, forward);
  }
}
