import { isBuffer, isParameter, noGrad, to, toDevice, type AnyModule, type Tensor } from '@flint/core';

/** One tensor field of one module of the tree, and what it holds on a replica. */
interface Binding {
  readonly owner: AnyModule;
  readonly key: string;
  readonly original: Tensor;
  readonly copy: Tensor;
}

/**
 * The module as it runs on one device. The replica on the module's own device is the module
 * itself (it shares storage, so in-place buffer updates such as BatchNorm's running stats are
 * kept). Any other replica holds copies: each parameter is `to(p, device)`, a tensor whose
 * gradient flows back into `p` (so replicas' gradients sum into the original), each buffer a
 * plain copy whose in-place updates are lost when the forward ends, as PyTorch documents.
 *
 * `run(fn)` points the tree's parameter and buffer fields at the copies for the length of
 * `fn` and then restores them, so layers read their replica's tensors through `this.weight`
 * as usual; a forward that reads parameters captured elsewhere (closures) is not replicated.
 */
export class Replica {
  private constructor(
    readonly device: string,
    private readonly bindings: readonly Binding[],
  ) {}

  /** A replica of `module` on `device`; the module itself when it is on `device` already. */
  static of(module: AnyModule, device: string, moduleDevice: string): Replica {
    if (device === moduleDevice) return new Replica(device, []);
    const copies = new Map<Tensor, Tensor>(); // tied weights stay tied
    const bindings: Binding[] = [];
    for (const owner of module.modules()) {
      for (const [key, v] of Object.entries(owner)) {
        const param = isParameter(v);
        if (!param && !isBuffer(v)) continue;
        let copy = copies.get(v);
        if (!copy) {
          copy = param ? to(v, device) : noGrad(() => to(v, device));
          copies.set(v, copy);
        }
        bindings.push({ owner, key, original: v, copy });
      }
    }
    return new Replica(device, bindings);
  }

  /**
   * A replica for devices that read asynchronously (WebGPU): every copy is made with an
   * awaited read, and parameter copies are autograd leaves of their own (no graph edge can
   * cross such devices synchronously), whose gradients `parameterCopies()` hands back to be
   * carried to the originals.
   */
  static async ofAsync(module: AnyModule, device: string, moduleDevice: string): Promise<Replica> {
    if (device === moduleDevice) return new Replica(device, []);
    const copies = new Map<Tensor, Tensor>();
    const bindings: Binding[] = [];
    for (const owner of module.modules()) {
      for (const [key, v] of Object.entries(owner)) {
        const param = isParameter(v);
        if (!param && !isBuffer(v)) continue;
        let copy = copies.get(v);
        if (!copy) {
          const handle = v.detach();
          copy = await toDevice(handle, device); // a new tensor: the devices differ
          handle.dispose();
          if (param && v.requiresGrad) copy.requiresGrad_();
          copies.set(v, copy);
        }
        bindings.push({ owner, key, original: v, copy });
      }
    }
    return new Replica(device, bindings);
  }

  /** Each distinct parameter with its copy on this replica (none on the module's own device). */
  parameterCopies(): [original: Tensor, copy: Tensor][] {
    const seen = new Set<Tensor>();
    const out: [Tensor, Tensor][] = [];
    for (const b of this.bindings) {
      if (!isParameter(b.original) || seen.has(b.copy)) continue;
      seen.add(b.copy);
      out.push([b.original, b.copy]);
    }
    return out;
  }

  /** Runs `fn` with the module tree's tensor fields pointing at this replica's tensors. */
  run<T>(fn: () => T): T {
    for (const b of this.bindings) setField(b.owner, b.key, b.copy);
    try {
      return fn();
    } finally {
      for (const b of this.bindings) setField(b.owner, b.key, b.original);
    }
  }

  /**
   * Frees the buffer copies (their updates are dropped, as on PyTorch's replicas). Parameter
   * copies stay: the autograd graph holds them until backward, and `tidy` frees them.
   */
  releaseBuffers(): void {
    const done = new Set<Tensor>();
    for (const b of this.bindings) {
      if (isParameter(b.original) || done.has(b.copy)) continue;
      done.add(b.copy);
      b.copy.dispose();
    }
  }
}

function setField(owner: AnyModule, key: string, value: Tensor): void {
  const d = Object.getOwnPropertyDescriptor(owner, key);
  if (d && 'value' in d && !d.writable && !d.configurable) {
    throw new TypeError(`DataParallel: cannot replicate ${owner.constructor.name}.${key}: the field is frozen`);
  }
  Object.defineProperty(owner, key, { value, writable: d?.writable ?? true, enumerable: d?.enumerable ?? true, configurable: d?.configurable ?? true });
}
