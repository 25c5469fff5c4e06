import type { Tensor } from '../tensor/tensor.js';
import { ModuleTree } from './module-tree.js';
import { LayerInputError } from './layer-input-error.js';

export type ForwardPreHook<In extends unknown[]> = (module: Module<In, unknown>, inputs: In) => In | void;
export type ForwardHook<In extends unknown[], Out> = (module: Module<In, Out>, inputs: In, output: Out) => Out | void;

/**
 * Base class of every layer and model, like `torch.nn.Module`: subclasses implement
 * `forward`; callers use `call` (PyTorch's `module(x)`) so hooks run and a layer's input
 * error is named by its path in the model. Traversal and state dicts live in `ModuleTree`.
 */
export abstract class Module<In extends unknown[] = [Tensor], Out = Tensor> extends ModuleTree {
  #preHooks: ForwardPreHook<In>[] = [];
  #hooks: ForwardHook<In, Out>[] = [];

  abstract forward(...inputs: In): Out;

  /** Runs forward pre-hooks, `forward`, then forward hooks (PyTorch's `module(x)`). */
  call(...inputs: In): Out {
    let args = inputs;
    for (const h of this.#preHooks) args = h(this as Module<In, unknown>, args) ?? args;
    let out: Out;
    try {
      out = this.forward(...args);
    } catch (e) {
      if (e instanceof LayerInputError && e.via !== this) {
        // A direct field, or a module inside a container this one iterates itself (`h.0` of a ModuleList).
        const name = Object.keys(this).find((k) => (this as Record<string, unknown>)[k] === e.via) ?? this.pathTo(e.via);
        if (name !== undefined) e.prependPath(name, this);
      }
      throw e;
    }
    for (const h of this.#hooks) out = h(this, args, out) ?? out;
    return out;
  }

  /** The dotted path of descendant `m` ('h.0'), or undefined. */
  private pathTo(m: object): string | undefined {
    for (const [path, d] of this.namedModules()) if (d === m && path) return path;
    return undefined;
  }

  /** `hook(module, inputs)` runs before forward and may return replacement inputs. */
  registerForwardPreHook(hook: ForwardPreHook<In>): () => void {
    this.#preHooks.push(hook);
    return () => (this.#preHooks = this.#preHooks.filter((h) => h !== hook));
  }

  /** `hook(module, inputs, output)` runs after forward and may return a replacement output. */
  registerForwardHook(hook: ForwardHook<In, Out>): () => void {
    this.#hooks.push(hook);
    return () => (this.#hooks = this.#hooks.filter((h) => h !== hook));
  }
}

export { ModuleTree };
export type { AnyModule, StateDict, LoadResult } from './module-tree.js';
