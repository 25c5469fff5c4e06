import { Tensor } from '../tensor/tensor.js';

const parameters = new WeakSet<Tensor>();
const buffers = new WeakMap<Tensor, { persistent: boolean }>();

/**
 * Marks `t` as a trainable parameter of the module whose field holds it (PyTorch's
 * `nn.Parameter`): it requires grad and appears in `parameters()` and `stateDict()`.
 */
export function parameter(t: Tensor): Tensor {
  t.requiresGrad = true;
  parameters.add(t);
  return t;
}

/**
 * Marks `t` as a buffer (PyTorch's `register_buffer`): state that is saved and moved with
 * the module but not trained, such as BatchNorm's running statistics.
 */
export function buffer(t: Tensor, { persistent = true }: { persistent?: boolean } = {}): Tensor {
  buffers.set(t, { persistent });
  return t;
}

export const isParameter = (x: unknown): x is Tensor => x instanceof Tensor && parameters.has(x);
export const isBuffer = (x: unknown): x is Tensor => x instanceof Tensor && buffers.has(x);
export const isPersistentBuffer = (x: Tensor): boolean => buffers.get(x)?.persistent ?? false;
