import type { Tensor } from '../tensor/tensor.js';
import type { ModuleTree } from '../nn/module-tree.js';
import type { Optimizer } from '../optim/optimizer.js';
import type { ReduceOp } from './collective.js';

/**
 * How a training run uses its devices (Lightning's `Strategy`): single device, DataParallel,
 * DistributedDataParallel. The trainer talks only to this interface; strategy packages
 * implement it and need nothing but core.
 */
export interface Strategy {
  /** Registry name: 'single', 'dp', 'ddp'. */
  readonly name: string;
  readonly rank: number;
  readonly worldSize: number;
  readonly isGlobalZero: boolean;
  /** This rank's index on its machine (LOCAL_RANK); `rank` when left out. */
  readonly localRank?: number;
  /** This machine's index in the job (NODE_RANK); 0 when left out. */
  readonly nodeRank?: number;
  /** The device this rank computes on ('cpu', 'webgpu:1'). */
  readonly rootDevice: string;
  /**
   * Runs `fn` once per rank (processes or threads for ddp, inline otherwise) and resolves
   * with rank zero's result. The trainer calls its whole fit loop through it.
   */
  launch<T>(fn: () => Promise<T>): Promise<T>;
  /** Moves/wraps the module for this strategy (e.g. DDP wrapper) and returns what to train. */
  setup<M extends ModuleTree>(module: M, optimizers: readonly Optimizer[]): M;
  /** Runs backward; strategies that communicate may still be reducing when it returns. */
  backward(loss: Tensor): void | Promise<void>;
  /**
   * Steps `optimizer` once gradients are in sync. Callers always await it: DDP finishes its
   * gradient all-reduce (and the initial parameter broadcast) before stepping.
   */
  optimizerStep(optimizer: Optimizer): void | Promise<void>;
  /**
   * Waits for the communication the strategy started on its own: the initial parameter
   * broadcast after `setup`, the gradient all-reduce after `backward`. Trainers await it before
   * the first forward and after each backward, so hooks and gradient clipping see synchronised
   * gradients. Strategies without communication leave it out.
   */
  synchronize?(): Promise<void>;
  /**
   * Runs `fn` (a forward and its backward) without synchronising the gradients it produces: the
   * micro-batches of gradient accumulation before the last one, whose gradients only add up
   * locally (Lightning's `block_backward_sync`, PyTorch DDP's `no_sync`). The next synchronised
   * backward then averages the accumulated sums. Strategies without communication leave it out.
   */
  blockBackwardSync?<T>(fn: () => T): T;
  /** Reduces a metric over ranks (`syncDist`); identity on one rank. */
  reduce(value: Tensor, op?: ReduceOp): Promise<Tensor>;
  barrier(name?: string): Promise<void>;
  /** Rank `src`'s value on every rank (decisions taken on one rank: stop, best checkpoint). */
  broadcast<T>(value: T, src?: number): Promise<T>;
  allGather(value: Tensor): Promise<Tensor[]>;
  teardown(): Promise<void>;
}

/** Options every strategy factory receives from the trainer. */
export interface StrategyOptions {
  /** Number of devices/ranks. */
  devices: number;
  /** Device kind the accelerator picked ('cpu', 'webgpu'). */
  accelerator: string;
  /** Anything strategy specific (`{ backend: 'tcp' }`, `{ findUnusedParameters: true }`). */
  [option: string]: unknown;
}

export type StrategyFactory = (opts: StrategyOptions) => Strategy;
