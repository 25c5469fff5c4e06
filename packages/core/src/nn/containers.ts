import type { Tensor } from '../tensor/tensor.js';
import { Module, ModuleTree, type AnyModule } from './module.js';

/**
 * Children stored under '0', '1', ... so state-dict keys match PyTorch's (`0.weight`).
 * Integer-like keys enumerate in numeric order, which is also insertion order here.
 */
function setIndexed(owner: object, modules: readonly AnyModule[], start = 0): void {
  modules.forEach((m, i) => Object.defineProperty(owner, String(start + i), { value: m, enumerable: true, configurable: true }));
}

/** Layers applied in order, each to the previous one's output (`nn.Sequential`). */
export class Sequential extends Module<[Tensor], Tensor> {
  readonly #length: number;

  constructor(...layers: Module<[Tensor], Tensor>[]) {
    super();
    setIndexed(this, layers as unknown as AnyModule[]);
    this.#length = layers.length;
  }

  get length(): number {
    return this.#length;
  }

  at(i: number): Module<[Tensor], Tensor> {
    return (this as unknown as Record<string, Module<[Tensor], Tensor>>)[String(i < 0 ? this.length + i : i)];
  }

  forward(x: Tensor): Tensor {
    for (let i = 0; i < this.length; i++) x = this.at(i).call(x);
    return x;
  }
}

/** A list of modules whose parameters are registered (`nn.ModuleList`); it has no forward. */
export class ModuleList<M extends AnyModule = AnyModule> extends Module<never[], never> {
  #length = 0;

  constructor(modules: readonly M[] = []) {
    super();
    this.extend(modules);
  }

  get length(): number {
    return this.#length;
  }

  at(i: number): M {
    return (this as unknown as Record<string, M>)[String(i < 0 ? this.#length + i : i)];
  }

  append(m: M): this {
    return this.extend([m]);
  }

  extend(modules: readonly M[]): this {
    setIndexed(this, modules as unknown as AnyModule[], this.#length);
    this.#length += modules.length;
    return this;
  }

  *[Symbol.iterator](): Iterator<M> {
    for (let i = 0; i < this.#length; i++) yield this.at(i);
  }

  forward(): never {
    throw new TypeError('ModuleList has no forward: iterate over it and call its modules');
  }
}

/** Modules by name (`nn.ModuleDict`); keys become state-dict prefixes. */
export class ModuleDict<M extends AnyModule = AnyModule> extends Module<never[], never> {
  constructor(modules: Readonly<Record<string, M>> = {}) {
    super();
    for (const [k, m] of Object.entries(modules)) this.set(k, m);
  }

  get(key: string): M | undefined {
    const v = (this as unknown as Record<string, unknown>)[key];
    return v instanceof ModuleTree ? (v as M) : undefined;
  }

  set(key: string, m: M): this {
    Object.defineProperty(this, key, { value: m, enumerable: true, configurable: true, writable: true });
    return this;
  }

  keys(): string[] {
    return [...this.namedChildren()].map(([k]) => k);
  }

  forward(): never {
    throw new TypeError('ModuleDict has no forward: look modules up by key and call them');
  }
}
