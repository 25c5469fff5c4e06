import { deviceCount, fromValues, type Collective, type ModuleTree, type Optimizer, type ReduceOp, type Strategy, type StrategyOptions, type Tensor } from '@flint/core';
import { readDistEnv } from '../env.js';
import { checkBackend, destroyProcessGroup, initProcessGroup, spawnContext, type DistBackend } from '../init-process-group.js';
import { checkLaunchedDevices } from '../launch/launched-devices.js';
import { DdpEngine } from '../ddp/ddp-engine.js';
import { averageGradsBlocking } from '../ddp/blocking-grad-average.js';
import { ProcessGroup } from '../process-group.js';
import { freePort } from '../launch/free-port.js';
import { SiblingProcesses } from '../launch/sibling-processes.js';
import { ThreadSiblings } from '../launch/thread-siblings.js';
import { warnIfAdapterShared } from '../ddp/shared-adapter-warning.js';

export interface DdpStrategyOptions extends StrategyOptions {
  backend?: DistBackend;
  findUnusedParameters?: boolean;
  bucketCapMb?: number;
  /** Broadcast rank 0's buffers (BatchNorm statistics) after every synchronised step (default true), as the wrapper does. */
  broadcastBuffers?: boolean;
  timeoutMs?: number;
  /**
   * How `devices: N` starts the other ranks when none are running yet: 'process' (default)
   * re-runs this script as N-1 processes over TCP; 'thread' runs it on N-1 worker threads of
   * this process over shared memory (what SyncBatchNorm needs).
   */
  launcher?: 'process' | 'thread';
}

/**
 * The trainer's `'ddp'` strategy. `launch(fn)` follows Lightning's subprocess launcher: when
 * RANK is not set and `devices > 1`, this process becomes rank 0 and starts ranks 1..N-1 by
 * running the same script again (`process.argv[1]`, same arguments and node flags) with RANK,
 * WORLD_SIZE, LOCAL_RANK, MASTER_ADDR and MASTER_PORT set; every rank (including those started by
 * `flint run`, mpirun or srun, where RANK is already set) joins the TCP process group and runs
 * `fn` inline. So the user's script must reach `trainer.fit` the same way in every rank.
 */
export class DdpStrategy implements Strategy {
  readonly name = 'ddp';
  #group: Collective | null = null;
  #engine: DdpEngine | null = null;
  #ready: Promise<void> = Promise.resolve();
  readonly #children = new SiblingProcesses();
  #threads: ThreadSiblings | null = null;
  /** Inside `launch`: the trainer's `teardown` call is deferred to `launch`, which knows whether the fit failed. */
  #launched = false;
  /** The parameters of a module under manual optimization (null under automatic). */
  #manual: Tensor[] | null = null;

  constructor(private readonly opts: DdpStrategyOptions) {
    checkBackend(opts.backend, "strategy 'ddp'");
  }

  private get group(): Collective {
    if (!this.#group) throw new Error("ddp strategy: no process group yet; the trainer runs fit through strategy.launch()");
    return this.#group;
  }

  get rank(): number {
    return this.#group?.rank ?? readDistEnv().rank;
  }

  get worldSize(): number {
    return this.#group?.worldSize ?? Math.max(readDistEnv().worldSize, this.opts.devices);
  }

  get isGlobalZero(): boolean {
    return this.rank === 0;
  }

  /** This rank's index on its machine (LOCAL_RANK; the rank itself for thread ranks). */
  get localRank(): number {
    if (this.#threads || spawnContext()) return this.rank;
    return readDistEnv().localRank;
  }

  /** This machine's index among the job's (NODE_RANK or GROUP_RANK, else rank / ranks per node). */
  get nodeRank(): number {
    if (this.#threads || spawnContext()) return 0;
    const env = readDistEnv();
    const given = Number(process.env['NODE_RANK'] ?? process.env['GROUP_RANK'] ?? Number.NaN);
    return Number.isInteger(given) ? given : Math.floor(env.rank / Math.max(1, env.localWorldSize));
  }

  /**
   * `<accelerator>:<localRank>`, wrapped around the devices this machine shows: with fewer
   * adapters than local ranks, ranks share them (as processes share a GPU; a warning says so).
   */
  get rootDevice(): string {
    const kind = this.opts.accelerator;
    if (kind === 'cpu') return 'cpu';
    const local = readDistEnv().localRank;
    const n = deviceCount(kind);
    return `${kind}:${n > 0 ? local % n : local}`;
  }

  async launch<T>(fn: () => Promise<T>): Promise<T> {
    const inRank = process.env['RANK'] !== undefined || spawnContext() !== undefined || this.opts.devices <= 1;
    let failed = false;
    this.#launched = true;
    try {
      if (!inRank && this.opts.launcher === 'thread') {
        this.#threads = new ThreadSiblings(this.opts.devices, this.opts.timeoutMs);
        this.#group = await initProcessGroup({ backend: 'shm', shm: this.#threads.segment, rank: 0, timeoutMs: this.opts.timeoutMs });
      } else {
        if (!inRank) await this.startSiblings();
        else if (!spawnContext()) checkLaunchedDevices(this.opts.devices, readDistEnv());
        const env = readDistEnv();
        const backend = spawnContext() ? 'shm' : this.opts.backend;
        this.#group = await initProcessGroup({ backend, timeoutMs: this.opts.timeoutMs, worldSize: Math.max(env.worldSize, 1) });
      }
      const localRanks = this.#threads || spawnContext() ? this.#group.worldSize : readDistEnv().localWorldSize;
      warnIfAdapterShared(this.rootDevice, localRanks, this.opts.accelerator === 'cpu' ? 1 : deviceCount(this.opts.accelerator));
      return await fn();
    } catch (e) {
      failed = true;
      throw e;
    } finally {
      this.#launched = false;
      await this.leaveGroup(failed);
      await this.endSiblings(failed);
    }
  }

  /**
   * The ranks this process started: after a failed fit they are stopped at once (a hung rank
   * never keeps the job alive); after a successful one they finish theirs, within the
   * collective timeout.
   */
  private async endSiblings(failed: boolean): Promise<void> {
    const waitMs = this.opts.timeoutMs ?? 30 * 60_000;
    if (failed) await Promise.all([this.#children.stop(), this.#threads?.stop()]);
    else await Promise.all([this.#children.settle(waitMs), this.#threads?.settle(waitMs)]);
    this.#threads = null;
  }

  /** This process becomes rank 0 of `devices` ranks; the others run this script again. */
  private async startSiblings(): Promise<void> {
    const n = this.opts.devices;
    const port = await freePort();
    const base = { MASTER_ADDR: '127.0.0.1', MASTER_PORT: String(port), WORLD_SIZE: String(n), LOCAL_WORLD_SIZE: String(n) };
    Object.assign(process.env, base, { RANK: '0', LOCAL_RANK: '0' });
    this.#children.start(n, base);
  }

  /** Moves `module` to this rank's device (in place), then starts DDP's init (as the wrapper's). */
  setup<M extends ModuleTree>(module: M, _optimizers: readonly Optimizer[]): M {
    module.to(this.rootDevice);
    const engine = new DdpEngine(this.group, module, this.opts);
    this.#engine = engine;
    const group = this.group;
    // Lightning's rule: a module with automaticOptimization = false steps its optimizers itself.
    this.#manual = (module as { automaticOptimization?: unknown }).automaticOptimization === false ? module.parameters() : null;
    const manual = this.#manual !== null && group instanceof ProcessGroup;
    this.#ready = (manual ? (group as ProcessGroup).enableBlocking() : Promise.resolve()).then(() => engine.init());
    return module;
  }

  /** Gradient accumulation's earlier micro-batches: their backward adds up locally, no all-reduce. */
  blockBackwardSync<T>(fn: () => T): T {
    return this.#engine ? this.#engine.noSyncNow(fn) : fn();
  }

  /**
   * Automatic optimization: backward, with the gradient buckets all-reduced as they fill. Manual
   * optimization (`manualBackward`): backward without buckets, then one blocking average of every
   * gradient, so the user's `optimizer.step()` right after it sees synchronised gradients.
   */
  backward(loss: Tensor): void {
    const engine = this.#engine;
    if (this.#manual && engine && this.group instanceof ProcessGroup) {
      engine.noSyncNow(() => loss.backward());
      averageGradsBlocking(this.group, this.#manual);
      return;
    }
    engine?.prepare();
    loss.backward();
  }

  /** Waits for the initial broadcast and the pending gradient all-reduce (then the buffer broadcast), if any. */
  async synchronize(): Promise<void> {
    await this.#ready;
    await this.#engine?.finish();
  }

  /** Waits for the gradient all-reduce, then steps. Returns a promise: the trainer awaits it. */
  async optimizerStep(optimizer: Optimizer): Promise<void> {
    await this.synchronize();
    optimizer.step();
  }

  async reduce(value: Tensor, op: ReduceOp = 'avg'): Promise<Tensor> {
    const out = value.clone();
    await this.group.allReduce(out, op).wait();
    return out;
  }

  async barrier(): Promise<void> {
    await this.group.barrier().wait();
  }

  /** Rank `src`'s JSON-serialisable `value` on every rank (length, then UTF-8 bytes as int32). */
  async broadcast<T>(value: T, src = 0): Promise<T> {
    const bytes = this.rank === src ? new TextEncoder().encode(JSON.stringify(value ?? null)) : new Uint8Array(0);
    const len = fromValues(new Int32Array([bytes.length]), [1], { dtype: 'int32' });
    await this.group.broadcast(len, src).wait();
    const n = (await len.data())[0];
    const body = fromValues(Int32Array.from({ length: n }, (_, i) => bytes[i] ?? 0), [n], { dtype: 'int32' });
    await this.group.broadcast(body, src).wait();
    const got = Uint8Array.from(await body.data());
    return JSON.parse(new TextDecoder().decode(got)) as T;
  }

  async allGather(value: Tensor): Promise<Tensor[]> {
    return this.group.allGather(value).wait();
  }

  async teardown(): Promise<void> {
    if (!this.#launched) await this.leaveGroup(false);
  }

  /** After a failure the group is left at once: peers may be hung and never say goodbye. */
  private async leaveGroup(failed: boolean): Promise<void> {
    this.#engine?.dispose();
    this.#engine = null;
    if (this.#group) await destroyProcessGroup({ abort: failed });
    this.#group = null;
  }
}

