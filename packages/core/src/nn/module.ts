import { noGrad } from '../autograd/grad-mode.js';
import { ShapeError, fmtShape } from '../tensor/errors.js';
import { shapesEqual } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { isBuffer, isParameter, isPersistentBuffer } from './parameter.js';
import { StateDictError } from './state-dict-error.js';

export type StateDict = Record<string, Tensor>;
export type ForwardPreHook<In extends unknown[]> = (module: Module<In, unknown>, inputs: In) => In | void;
export type ForwardHook<In extends unknown[], Out> = (module: Module<In, Out>, inputs: In, output: Out) => Out | void;

export interface LoadResult {
  readonly missingKeys: string[];
  readonly unexpectedKeys: string[];
}

/**
 * Base class of every layer and model, like `torch.nn.Module`. Parameters, buffers and
 * child modules are found from the instance's own fields, in the order they were assigned,
 * so state-dict keys are PyTorch's (`conv1.weight`, `0.bias`, `bn.running_mean`).
 * Subclasses implement `forward`; callers use `call` so hooks run.
 */
export abstract class Module<In extends unknown[] = [Tensor], Out = Tensor> {
  #training = true;
  #preHooks: ForwardPreHook<In>[] = [];
  #hooks: ForwardHook<In, Out>[] = [];

  abstract forward(...inputs: In): Out;

  /** Runs forward pre-hooks, `forward`, then forward hooks (PyTorch's `module(x)`). */
  call(...inputs: In): Out {
    let args = inputs;
    for (const h of this.#preHooks) args = h(this as Module<In, unknown>, args) ?? args;
    let out = this.forward(...args);
    for (const h of this.#hooks) out = h(this, args, out) ?? out;
    return out;
  }

  get training(): boolean {
    return this.#training;
  }

  /** Sets training mode here and in every descendant. */
  train(mode = true): this {
    for (const [, m] of this.namedModules()) m.#training = mode;
    return this;
  }

  eval(): this {
    return this.train(false);
  }

  registerForwardPreHook(hook: ForwardPreHook<In>): () => void {
    this.#preHooks.push(hook);
    return () => (this.#preHooks = this.#preHooks.filter((h) => h !== hook));
  }

  registerForwardHook(hook: ForwardHook<In, Out>): () => void {
    this.#hooks.push(hook);
    return () => (this.#hooks = this.#hooks.filter((h) => h !== hook));
  }

  /** Direct children with their field names. */
  *namedChildren(): Generator<[string, AnyModule]> {
    for (const [k, v] of Object.entries(this)) if (v instanceof Module) yield [k, v as AnyModule];
  }

  *children(): Generator<AnyModule> {
    for (const [, m] of this.namedChildren()) yield m;
  }

  /** This module and every descendant, depth first, with dotted paths ('' for this one). */
  *namedModules(prefix = ''): Generator<[string, AnyModule]> {
    yield [prefix, this as unknown as AnyModule];
    for (const [k, m] of this.namedChildren()) yield* m.namedModules(prefix ? `${prefix}.${k}` : k);
  }

  *modules(): Generator<AnyModule> {
    for (const [, m] of this.namedModules()) yield m;
  }

  *namedParameters(prefix = '', recurse = true): Generator<[string, Tensor]> {
    yield* this.namedTensors(prefix, recurse, isParameter);
  }

  parameters(recurse = true): Tensor[] {
    return [...this.namedParameters('', recurse)].map(([, p]) => p);
  }

  *namedBuffers(prefix = '', recurse = true): Generator<[string, Tensor]> {
    yield* this.namedTensors(prefix, recurse, isBuffer);
  }

  buffers(recurse = true): Tensor[] {
    return [...this.namedBuffers('', recurse)].map(([, b]) => b);
  }

  private *namedTensors(prefix: string, recurse: boolean, pick: (x: unknown) => x is Tensor): Generator<[string, Tensor]> {
    const seen = new Set<Tensor>();
    const modules = recurse ? this.namedModules(prefix) : [[prefix, this as unknown as AnyModule] as [string, AnyModule]];
    for (const [path, m] of modules) {
      for (const [k, v] of Object.entries(m)) {
        if (!pick(v) || seen.has(v)) continue;
        seen.add(v);
        yield [path ? `${path}.${k}` : k, v];
      }
    }
  }

  /** Calls `fn` on every descendant and then this module (PyTorch's order). */
  apply(fn: (m: AnyModule) => void): this {
    for (const c of this.children()) c.apply(fn);
    fn(this as unknown as AnyModule);
    return this;
  }

  /** Clears the gradients of every parameter (set to null by default, as PyTorch 2 does). */
  zeroGrad({ setToNone = true }: { setToNone?: boolean } = {}): void {
    for (const p of this.parameters()) {
      if (!p.grad) continue;
      if (setToNone) {
        p.grad.dispose();
        p.grad = null;
      } else {
        noGrad(() => p.grad!.copy_(0));
      }
    }
  }

  /**
   * Parameters and persistent buffers by PyTorch key. The values are the module's own tensors
   * (no copies): read or save them, don't dispose them.
   */
  stateDict(prefix = ''): StateDict {
    const out: StateDict = {};
    for (const [path, m] of this.namedModules(prefix)) {
      for (const [k, v] of Object.entries(m)) {
        if (isParameter(v) || (isBuffer(v) && isPersistentBuffer(v))) out[path ? `${path}.${k}` : k] = v;
      }
    }
    return out;
  }

  /**
   * Copies `sd` into this module's tensors in place (optimizers keep their references).
   * Strict (default) throws a StateDictError listing every missing and unexpected key; non-
   * strict returns them. A shape mismatch always throws naming the key and both shapes.
   */
  loadStateDict(sd: StateDict, { strict = true }: { strict?: boolean } = {}): LoadResult {
    const own = this.stateDict();
    const missingKeys = Object.keys(own).filter((k) => !(k in sd)).sort();
    const unexpectedKeys = Object.keys(sd).filter((k) => !(k in own)).sort();
    if (strict && (missingKeys.length || unexpectedKeys.length)) {
      const prefixed = unexpectedKeys.length > 0 && unexpectedKeys.every((k) => k.startsWith('module.'));
      throw new StateDictError(
        missingKeys,
        unexpectedKeys,
        prefixed ? " The keys start with 'module.': the state dict was saved from a DataParallel/DDP-wrapped model; load it with stripPrefix: 'module.'." : '',
      );
    }
    for (const [k, target] of Object.entries(own)) {
      const src = sd[k];
      if (!src) continue;
      if (!shapesEqual(src.shape, target.shape)) {
        throw new ShapeError(
          `loadStateDict: size mismatch for ${k}: copying a param with shape ${fmtShape(src.shape)} from checkpoint, ` +
            `the shape in current model is ${fmtShape(target.shape)}`,
        );
      }
    }
    noGrad(() => {
      for (const [k, target] of Object.entries(own)) if (sd[k]) target.copy_(sd[k]);
    });
    return { missingKeys, unexpectedKeys };
  }
}

/** A module of any signature, for containers and traversal. */
export type AnyModule = Module<never[], unknown>;
