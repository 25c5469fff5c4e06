import type { Tensor } from '../tensor/tensor.js';

export type ReduceOp = 'sum' | 'avg' | 'max' | 'min';

/** An asynchronous collective in flight (PyTorch's `Work`): `wait()` resolves when it is done. */
export interface Work<T = void> {
  wait(): Promise<T>;
  /** True once the result is available. */
  readonly completed: boolean;
}

/**
 * Communication among the ranks of one process group. Every call is collective: all ranks
 * call it, in the same order, with tensors of the same shape and dtype. In-place ops write
 * their result into the given tensor, as `torch.distributed` does.
 */
export interface Collective {
  readonly rank: number;
  readonly worldSize: number;
  /** Reduces `t` over all ranks in place. */
  allReduce(t: Tensor, op?: ReduceOp): Work;
  /** Copies rank `src`'s `t` into every rank's `t`. */
  broadcast(t: Tensor, src: number): Work;
  /** Every rank's `t`, in rank order. */
  allGather(t: Tensor): Work<Tensor[]>;
  /** Reduces `input` over ranks and leaves this rank's 1/worldSize slice (along dim 0) in `output`. */
  reduceScatter(output: Tensor, input: Tensor, op?: ReduceOp): Work;
  /** Resolves once every rank has called it. */
  barrier(): Work;
  /** Ends the group; later calls reject. */
  destroy(): Promise<void>;
}
