import type { Backend } from './backend.js';
import type { KernelAttrs, KernelInputs, KernelName, KernelResult } from './kernel-names.js';
import { KernelError } from '../tensor/errors.js';

/** One kernel of one backend. `B` is the backend class the kernel runs on. */
export interface KernelConfig<K extends KernelName, B extends Backend = Backend> {
  readonly name: K;
  readonly backend: string;
  readonly run: (inputs: KernelInputs<K>, attrs: KernelAttrs<K>, backend: B) => KernelResult<K>;
}

type AnyKernel = KernelConfig<KernelName, Backend>;

/**
 * Kernels by backend and name. The one place where kernel types are erased: every
 * `register` is checked against the table, every `get` restores the type by name.
 */
export class KernelRegistry {
  private readonly kernels = new Map<string, Map<KernelName, AnyKernel>>();

  register<K extends KernelName, B extends Backend>(kernel: KernelConfig<K, B>): void {
    let byName = this.kernels.get(kernel.backend);
    if (!byName) this.kernels.set(kernel.backend, (byName = new Map()));
    byName.set(kernel.name, kernel as unknown as AnyKernel);
  }

  registerAll(kernels: readonly KernelConfig<KernelName, never>[]): void {
    for (const k of kernels) this.register(k as unknown as AnyKernel);
  }

  has(backend: string, name: KernelName): boolean {
    return this.kernels.get(backend)?.has(name) ?? false;
  }

  get<K extends KernelName>(backend: string, name: K): KernelConfig<K, Backend> {
    const k = this.kernels.get(backend)?.get(name);
    if (!k) throw new KernelError(`${name}: no kernel registered for backend '${backend}'`);
    return k as unknown as KernelConfig<K, Backend>;
  }

  names(backend: string): KernelName[] {
    return [...(this.kernels.get(backend)?.keys() ?? [])];
  }
}

/** The process-wide registry backends register their kernels in. */
export const kernelRegistry = new KernelRegistry();
