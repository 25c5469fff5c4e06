import { memory } from '../tensor/memory.js';

/** What `fn` left allocated: null when buffers and tensor handles are back where they started. */
export interface Guarded<T> {
  readonly value: T;
  readonly leak: string | null;
}

/**
 * Runs `fn` and compares `memory()` before and after: a case that leaves more live buffers or
 * tensor handles than it found (once its results are disposed) leaked them.
 */
export async function withMemoryGuard<T>(fn: () => Promise<T>): Promise<Guarded<T>> {
  const before = memory();
  const value = await fn();
  const after = memory();
  const buffers = after.buffers - before.buffers;
  const tensors = after.tensors - before.tensors;
  const leak =
    buffers === 0 && tensors === 0
      ? null
      : `memory guard: ${buffers} buffer(s) (${after.bytes - before.bytes} bytes) and ${tensors} tensor handle(s) still live after the case disposed its results`;
  return { value, leak };
}
