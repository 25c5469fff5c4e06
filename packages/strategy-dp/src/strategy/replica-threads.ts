import type { AnyModule } from '@flint/core';

/** Where each replica thread builds its copy of the module (see ThreadedDataParallel). */
export interface ReplicaSpec {
  readonly module: string | URL;
  readonly exportName: string;
  readonly args?: readonly unknown[];
}

/** A data-parallel forward whose replicas 1.. run on threads. */
export interface ThreadedForward {
  forward(inputs: unknown[]): unknown;
  /** Collects the threads' gradients after `loss.backward()`. */
  finishBackward(): Promise<void>;
  close(): Promise<void>;
}

/** Builds a ThreadedForward; `apply` runs replica 0 (the module's own forward) on this thread. */
export type ThreadedForwardFactory = (module: AnyModule, apply: (inputs: unknown[]) => unknown, opts: { threads: number; replica: ReplicaSpec; dim: number }) => ThreadedForward;
