import type { DType, TypedArray } from '@flint/core';

/** A tensor's values on the host, as it crosses between threads (structured clone). */
export interface HostTensor {
  readonly shape: number[];
  readonly dtype: DType;
  readonly values: TypedArray;
}

/** Where a replica thread builds its module: `(await import(url))[exportName](...args)`. */
export interface ReplicaModuleRef {
  readonly url: string;
  readonly exportName: string;
  readonly args: readonly unknown[];
  /** The main module's parameter then buffer names, which the thread's module must have, in order. */
  readonly names: readonly string[];
}

/** What the thread is asked to do. */
export type ReplicaRequest =
  | { readonly kind: 'forward'; readonly state: HostTensor[]; readonly inputs: HostTensor[]; readonly training: boolean; readonly grad: boolean }
  | { readonly kind: 'backward'; readonly grads: (HostTensor | null)[] };

/**
 * A request as sent. `blocking` replies go to the shared reply port and bump the shared
 * signal, so the main thread can wait for them synchronously (`Atomics.wait`).
 */
export type ToReplica = ReplicaRequest & { readonly id: number; readonly blocking: boolean };

/** What a thread receives at start besides its module: where blocking replies go. */
export interface ReplicaThreadData extends ReplicaModuleRef {
  readonly replyPort: import('node:worker_threads').MessagePort;
  /** One Int32 the thread increments (and notifies) after each blocking reply. */
  readonly signal: SharedArrayBuffer;
}

export type FromReplica =
  | { readonly id: number; readonly ok: true; readonly outputs?: HostTensor[]; readonly paramGrads?: (HostTensor | null)[] }
  | { readonly id: number; readonly ok: false; readonly name: string; readonly message: string };
