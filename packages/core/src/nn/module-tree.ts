import { noGrad } from '../autograd/grad-mode.js';
import { ShapeError, fmtShape } from '../tensor/errors.js';
import { shapesEqual } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { isBuffer, isParameter, isPersistentBuffer } from './parameter.js';
import { StateDictError } from './state-dict-error.js';
import { moveInPlace, moveInPlaceAsync } from '../ops/to-device.js';
import { missingStateKeys } from './tied-parameters.js';

export type StateDict = Record<string, Tensor>;

export interface LoadResult {
  readonly missingKeys: string[];
  readonly unexpectedKeys: string[];
}

/**
 * What every module has whatever its forward signature: parameters, buffers and child
 * modules found from the instance's own fields, in the order they were assigned, so
 * state-dict keys are PyTorch's (`conv1.weight`, `0.bias`, `bn.running_mean`); modes;
 * state dicts. `Module` adds the typed `forward`/`call` and hooks on top.
 */
export abstract class ModuleTree {
  #training = true;

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

  /**
   * Stops gradients for every parameter here and below (`requires_grad_(False)` on each, as
   * Lightning's `BaseFinetuning.freeze`): backward skips them and optimizers leave them as
   * they are. Training mode is left alone; the trainer sets it per stage.
   */
  freeze(): this {
    for (const p of this.parameters()) p.requiresGrad = false;
    return this;
  }

  /** Lets every parameter here and below receive gradients again (undoes `freeze`). */
  unfreeze(): this {
    for (const p of this.parameters()) p.requiresGrad = true;
    return this;
  }

  /** Direct children with their field names. */
  *namedChildren(): Generator<[string, AnyModule]> {
    for (const [k, v] of Object.entries(this)) if (v instanceof ModuleTree) yield [k, v];
  }

  *children(): Generator<AnyModule> {
    for (const [, m] of this.namedChildren()) yield m;
  }

  /** This module and every descendant, depth first, with dotted paths ('' for this one). */
  *namedModules(prefix = ''): Generator<[string, AnyModule]> {
    yield [prefix, this];
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
    const modules = recurse ? this.namedModules(prefix) : [[prefix, this] as [string, AnyModule]];
    for (const [path, m] of modules) {
      for (const [k, v] of Object.entries(m)) {
        if (!pick(v) || seen.has(v)) continue;
        seen.add(v);
        yield [path ? `${path}.${k}` : k, v];
      }
    }
  }

  /**
   * Moves every parameter and buffer to `device` in place (PyTorch's `module.to(device)`):
   * the tensor objects stay the same, so optimizers built earlier keep working.
   */
  to(device: string): this {
    for (const t of [...this.parameters(), ...this.buffers()]) moveInPlace(t, device);
    return this;
  }

  /** `to` from any device, also one that reads asynchronously (WebGPU back to the CPU). */
  async toAsync(device: string): Promise<this> {
    for (const t of [...this.parameters(), ...this.buffers()]) await moveInPlaceAsync(t, device);
    return this;
  }

  /** Calls `fn` on every descendant and then this module (PyTorch's order). */
  apply(fn: (m: AnyModule) => void): this {
    for (const c of this.children()) c.apply(fn);
    fn(this);
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
   * `stripPrefix` (`'module.'` for a DataParallel/DDP checkpoint) is removed from the keys
   * that start with it first, as `load(path, { stripPrefix })` does.
   */
  loadStateDict(sd: StateDict, { strict = true, stripPrefix }: { strict?: boolean; stripPrefix?: string } = {}): LoadResult {
    if (stripPrefix) sd = Object.fromEntries(Object.entries(sd).map(([k, v]) => [k.startsWith(stripPrefix) ? k.slice(stripPrefix.length) : k, v]));
    const own = this.stateDict();
    const missingKeys = missingStateKeys(own, sd);
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
export type AnyModule = ModuleTree;
