import { fromValues, setDefaultRank } from '@flint/core';
import { isMainThread, workerData } from 'node:worker_threads';
import { readDistEnv } from './env.js';
import { ProcessGroupError } from './errors.js';
import type { BlockingCollective, StartBlocking } from './blocking-collective.js';
import { exchangeAddresses } from './tcp/exchange-addresses.js';
import { TcpBlockingCollective } from './tcp/tcp-blocking.js';
import type { HostCollective } from './host-collective.js';
import { ProcessGroup, type StartGradComm } from './process-group.js';
import { GradCommThread } from './grad-comm/grad-comm-thread.js';
import { ShmBlockingCollective } from './shm/shm-blocking.js';
import { ShmCollective } from './shm/shm-collective.js';
import { createShmSegment, type ShmSegment } from './shm/shm-segment.js';
import { rendezvous } from './tcp/tcp-rendezvous.js';
import { TcpCollective } from './tcp/tcp-collective.js';

export type DistBackend = 'shm' | 'tcp';

/** Every backend a process group can use. */
export const DIST_BACKENDS: readonly DistBackend[] = ['tcp', 'shm'];

/**
 * `backend` as given, or a ProcessGroupError listing the valid ones (a typo such as 'nccl' or
 * 'gloo' never silently becomes tcp). `undefined` is the default choice.
 */
export function checkBackend(backend: unknown, where: string): DistBackend | undefined {
  if (backend === undefined || (DIST_BACKENDS as readonly unknown[]).includes(backend)) return backend as DistBackend | undefined;
  throw new ProcessGroupError(`${where}: unknown process group backend ${JSON.stringify(backend)}; valid backends: ${DIST_BACKENDS.map((b) => `'${b}'`).join(', ')}`);
}

export interface InitProcessGroupOptions {
  /** 'shm' for worker-thread ranks made by `spawn`, 'tcp' for processes (default: shm inside a spawned worker, else tcp). */
  backend?: DistBackend;
  /** 'env://' (default: RANK, WORLD_SIZE, MASTER_ADDR, ... ) or 'tcp://host:port'. */
  initMethod?: string;
  rank?: number;
  worldSize?: number;
  /** How long any collective (and the rendezvous) waits for peers. Default 30 minutes, as PyTorch. */
  timeoutMs?: number;
  /** shm only: the segment `spawn` made; read from `workerData` when omitted. */
  shm?: ShmSegment;
  /**
   * Checks before every collective that all ranks make the same call (sequence number, op,
   * dtype, shape), at the cost of one small all-gather each. Default: on when the environment
   * has FLINT_DISTRIBUTED_DEBUG=DETAIL (as TORCH_DISTRIBUTED_DEBUG=DETAIL).
   */
  debug?: boolean;
}

/** Key under which `spawn` passes a worker its rank and shared memory. */
export const SPAWN_KEY = '__flintDdpSpawn';

export interface SpawnWorkerData {
  readonly rank: number;
  readonly segment: ShmSegment;
  readonly args: readonly unknown[];
  readonly module: string;
  readonly exportName: string;
}

/** The spawn context of this thread, when it is a rank started by `spawn`. */
export function spawnContext(): SpawnWorkerData | undefined {
  if (isMainThread || typeof workerData !== 'object' || workerData === null) return undefined;
  return (workerData as Record<string, SpawnWorkerData | undefined>)[SPAWN_KEY];
}

const DEFAULT_TIMEOUT_MS = 30 * 60_000;
let defaultGroup: ProcessGroup | null = null;

/**
 * Joins the default process group (`torch.distributed.init_process_group`) and returns its
 * collective. shm: this thread's rank and shared memory come from `spawn`. tcp: rank 0 hosts the
 * rendezvous store on MASTER_ADDR:MASTER_PORT and every rank joins the ring.
 */
export async function initProcessGroup(opts: InitProcessGroupOptions = {}): Promise<ProcessGroup> {
  if (defaultGroup) throw new ProcessGroupError('initProcessGroup: the default process group is already initialised; call destroyProcessGroup() first');
  const group = await createProcessGroup(opts, () => {
    if (defaultGroup !== group) return;
    defaultGroup = null;
    setDefaultRank(null);
  });
  defaultGroup = group;
  // Core code without this package (DistributedSampler's defaults) reads the rank from there.
  setDefaultRank({ rank: group.rank, worldSize: group.worldSize });
  return group;
}

/**
 * A process group that is not the default one (several in one process: tests, benchmarks).
 * Same options as `initProcessGroup`.
 */
export async function createProcessGroup(opts: InitProcessGroupOptions = {}, onDestroy?: () => void): Promise<ProcessGroup> {
  const ctx = spawnContext();
  const backend = checkBackend(opts.backend, 'initProcessGroup') ?? (ctx || opts.shm ? 'shm' : 'tcp');
  const env = readDistEnv();
  let host: HostCollective;
  let blocking: BlockingCollective | StartBlocking | null = null;
  let gradComm: StartGradComm | null = null;
  const debug = opts.debug ?? process.env['FLINT_DISTRIBUTED_DEBUG'] === 'DETAIL';
  if (backend === 'shm') {
    const segment = opts.shm ?? ctx?.segment;
    const rank = opts.rank ?? ctx?.rank;
    if (!segment || rank === undefined) throw new ProcessGroupError("initProcessGroup: backend 'shm' needs a rank started by spawn() (or shm and rank options)");
    const seg = opts.timeoutMs ? { ...segment, timeoutMs: opts.timeoutMs } : segment;
    host = new ShmCollective(seg, rank);
    blocking = new ShmBlockingCollective(seg, rank);
    const { worldSize, timeoutMs } = seg;
    gradComm = () => GradCommThread.start({ rank, worldSize, timeoutMs, debug, transport: { kind: 'shm', segment: seg } });
  } else {
    let masterAddr = env.masterAddr;
    let masterPort = env.masterPort;
    if (opts.initMethod?.startsWith('tcp://')) {
      const u = new URL(opts.initMethod);
      masterAddr = u.hostname;
      masterPort = Number(u.port);
    } else if (opts.initMethod && opts.initMethod !== 'env://') {
      throw new ProcessGroupError(`initProcessGroup: unsupported initMethod '${opts.initMethod}' (use 'env://' or 'tcp://host:port')`);
    }
    const rank = opts.rank ?? env.rank;
    const worldSize = opts.worldSize ?? env.worldSize;
    if (!(rank >= 0 && rank < worldSize)) throw new ProcessGroupError(`initProcessGroup: rank ${rank} is outside worldSize ${worldSize}`);
    const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const ring = worldSize > 1 ? await rendezvous({ rank, worldSize, masterAddr, masterPort, timeoutMs }) : null;
    if (ring) {
      const tcp = new TcpCollective(ring, rank, worldSize, timeoutMs);
      host = tcp;
      blocking = () => TcpBlockingCollective.start(rank, worldSize, tcp.localHost, timeoutMs, (mine) => exchangeAddresses(group, mine));
      const sharePort = (port: number): Promise<number> => broadcastInt(group, port, 0);
      gradComm = () => GradCommThread.start({ rank, worldSize, timeoutMs, debug, transport: { kind: 'tcp', masterAddr }, sharePort });
    } else {
      const solo = soloSegment();
      host = new ShmCollective(solo, 0);
      blocking = new ShmBlockingCollective(solo, 0);
    }
  }
  const group: ProcessGroup = new ProcessGroup(host, onDestroy, blocking, debug, gradComm);
  return group;
}

/** Rank `src`'s `value` on every rank of `group`. */
async function broadcastInt(group: ProcessGroup, value: number, src: number): Promise<number> {
  const t = fromValues(new Int32Array([value]), [1], { dtype: 'int32' });
  try {
    await group.broadcast(t, src).wait();
    return (await t.data())[0];
  } finally {
    t.dispose();
  }
}

const soloSegment = (): ShmSegment => createShmSegment(1, { segmentElements: 1, blockingElements: 1 });

/** The default group's collective; throws before `initProcessGroup`. */
export function getProcessGroup(): ProcessGroup {
  if (!defaultGroup) throw new ProcessGroupError('no process group: call initProcessGroup() first');
  return defaultGroup;
}

export const isInitialized = (): boolean => defaultGroup !== null;

/**
 * Leaves and frees the default group (`destroy_process_group`). `abort`: this rank failed, so
 * it leaves at once instead of waiting for peers (which may be hung) to say goodbye.
 */
export async function destroyProcessGroup(opts: { abort?: boolean } = {}): Promise<void> {
  const g = defaultGroup;
  defaultGroup = null;
  setDefaultRank(null);
  await g?.destroy(opts);
}
