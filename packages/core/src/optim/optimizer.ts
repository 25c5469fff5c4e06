import { enableGrad, noGrad } from '../autograd/grad-mode.js';
import { isFloat } from '../tensor/dtype.js';
import { AutogradError, DTypeError, FlintError, fmtShape } from '../tensor/errors.js';
import { keep, tidy } from '../tensor/scope.js';
import { Tensor } from '../tensor/tensor.js';
import { cast, clone } from '../ops/unary.js';
import { groupToTorch, groupFromTorch } from './torch-keys.js';

/** Hyper-parameters every optimizer has: the learning rate schedulers change. */
export interface LrOptions {
  lr: number;
}

/**
 * One parameter group: its tensors and its resolved hyper-parameters (the optimizer's defaults
 * overridden by what the group set). Schedulers write `lr` (and `initialLr`, `maxLr`, ...).
 */
export type ParamGroup<D extends LrOptions = LrOptions> = D & {
  params: Tensor[];
  /** Set by the first scheduler attached: the lr its schedule starts from. */
  initialLr?: number;
  [option: string]: unknown;
};

/** A group as the user passes it: its tensors plus any per-group overrides. */
export type ParamGroupInput<D extends LrOptions = LrOptions> = Partial<D> & { params: Iterable<Tensor> };

/** A list of tensors (one group), or a list of groups with per-group options. */
export type ParamsInput<D extends LrOptions = LrOptions> = Iterable<Tensor> | Iterable<ParamGroupInput<D>>;

/** Per-parameter state: tensors (moments, momentum buffers) and numbers (`step`). */
export type ParamState = Record<string, Tensor | number>;

/**
 * PyTorch's `optimizer.state_dict()` layout: `state` keyed by the parameter's index over all
 * groups in order, `param_groups` with PyTorch's snake_case option names and `params` as those
 * indices. State tensors are Flint tensors (the live ones, not copies); `step` is a number.
 */
export interface OptimizerStateDict {
  state: Record<number, ParamState>;
  param_groups: Array<Record<string, unknown> & { params: number[] }>;
}

/**
 * Base of every optimizer: parameter groups, per-parameter state, `zeroGrad`, `step` and
 * `stateDict`. Subclasses implement `update` for one group; it runs under `noGrad` inside a
 * `tidy`, writes parameters with `copy_` and must `keep` the state tensors it creates.
 */
export abstract class Optimizer<D extends LrOptions = LrOptions> {
  readonly paramGroups: ParamGroup<D>[] = [];
  readonly state = new Map<Tensor, ParamState>();

  protected constructor(
    /** The class name, for error messages (`SGD`, `Adam`). */
    readonly name: string,
    params: ParamsInput<D>,
    readonly defaults: D,
  ) {
    const list = [...(params as Iterable<Tensor | ParamGroupInput<D>>)];
    if (list.length === 0) throw new FlintError(`${name}: optimizer got an empty parameter list`);
    if (list[0] instanceof Tensor) this.addParamGroup({ params: list as Tensor[] } as unknown as ParamGroupInput<D>);
    else for (const g of list as ParamGroupInput<D>[]) this.addParamGroup(g);
  }

  /** Adds a group (PyTorch's `add_param_group`); options it leaves out come from the defaults. */
  addParamGroup(input: ParamGroupInput<D>): void {
    if (input.params instanceof Tensor) throw new TypeError(`${this.name}: params must be a list of tensors, got a single tensor`);
    const params = [...input.params];
    const seen = new Set(this.paramGroups.flatMap((g) => g.params));
    for (const p of params) {
      if (!(p instanceof Tensor)) throw new TypeError(`${this.name}: params must be tensors`);
      if (!p.isLeaf) throw new AutogradError(`${this.name}: can't optimize a non-leaf tensor (tensor ${p.id} ${fmtShape(p.shape)}); detach() it and set requiresGrad`);
      if (!isFloat(p.dtype)) throw new DTypeError(`${this.name}: can only optimize floating point tensors, got ${p.dtype} (tensor ${p.id} ${fmtShape(p.shape)})`);
      if (seen.has(p)) throw new FlintError(`${this.name}: some parameters appear in more than one parameter group`);
      seen.add(p);
    }
    const group = { ...this.defaults, ...input, params } as ParamGroup<D>;
    this.validate(group);
    this.paramGroups.push(group);
  }

  /** Checks a group's hyper-parameters; throws a RangeError naming the optimizer and the value. */
  protected validate(group: ParamGroup<D>): void {
    if (!(group.lr >= 0)) throw new RangeError(`${this.name}: invalid learning rate: ${group.lr}`);
  }

  /** Throws the RangeError for an option outside its range. */
  protected check(ok: boolean, what: string, value: unknown): void {
    if (!ok) throw new RangeError(`${this.name}: invalid ${what}: ${String(value)}`);
  }

  /** Clears gradients: disposes them (`setToNone`, PyTorch 2's default) or fills them with 0. */
  zeroGrad({ setToNone = true }: { setToNone?: boolean } = {}): void {
    for (const g of this.paramGroups) {
      for (const p of g.params) {
        const grad = p.grad;
        if (!grad) continue;
        if (setToNone) {
          grad.dispose();
          p.grad = null;
        } else {
          noGrad(() => grad.copy_(0));
        }
      }
    }
  }

  /**
   * One update of every parameter that has a gradient. `closure`, when given, re-evaluates the
   * model and returns the loss (run with grad enabled, as in PyTorch); its result is returned.
   */
  step<T = void>(closure?: () => T): T | undefined {
    const loss = closure ? enableGrad(closure) : undefined;
    noGrad(() =>
      tidy(() => {
        for (const g of this.paramGroups) this.update(g);
      }),
    );
    return loss;
  }

  /** Updates one group; runs under `noGrad` inside a `tidy`. */
  protected abstract update(group: ParamGroup<D>): void;

  /** The state of `p`, created empty on first use. */
  protected stateOf(p: Tensor): ParamState {
    let s = this.state.get(p);
    if (!s) this.state.set(p, (s = {}));
    return s;
  }

  /** PyTorch's `state_dict()` layout; see `OptimizerStateDict`. */
  stateDict(): OptimizerStateDict {
    const index = new Map<Tensor, number>();
    const param_groups = this.paramGroups.map((g) => {
      const ids = g.params.map((p) => {
        const id = index.get(p) ?? index.size;
        index.set(p, id);
        return id;
      });
      return { ...groupToTorch(g), params: ids };
    });
    const state: Record<number, ParamState> = {};
    for (const [p, s] of this.state) {
      const id = index.get(p);
      if (id !== undefined) state[id] = { ...s };
    }
    return { state, param_groups };
  }

  /**
   * Restores hyper-parameters and state saved by `stateDict()` (from this optimizer or an
   * identical one); saved parameter ids map onto this optimizer's parameters in order. State
   * tensors are copied, cast to each parameter's dtype, and owned by this optimizer.
   */
  loadStateDict(sd: OptimizerStateDict): void {
    if (sd.param_groups.length !== this.paramGroups.length) {
      throw new FlintError(`${this.name}: loaded state dict has ${sd.param_groups.length} parameter groups, optimizer has ${this.paramGroups.length}`);
    }
    const byId = new Map<number, Tensor>();
    sd.param_groups.forEach((saved, i) => {
      const group = this.paramGroups[i];
      if (saved.params.length !== group.params.length) {
        throw new FlintError(`${this.name}: loaded parameter group ${i} has ${saved.params.length} parameters, optimizer's has ${group.params.length}`);
      }
      saved.params.forEach((id, j) => byId.set(id, group.params[j]));
    });
    this.disposeState();
    for (const [key, s] of Object.entries(sd.state)) {
      const p = byId.get(Number(key));
      if (!p) continue;
      const copy: ParamState = {};
      for (const [k, v] of Object.entries(s)) {
        copy[k] = v instanceof Tensor ? keep(noGrad(() => tidy(() => (isFloat(v.dtype) ? cast(clone(v), p.dtype) : clone(v))))) : v;
      }
      this.state.set(p, copy);
    }
    sd.param_groups.forEach((saved, i) => {
      const group = this.paramGroups[i];
      Object.assign(group, groupFromTorch(saved), { params: group.params });
    });
  }

  /** Frees the state tensors (moments, momentum buffers); the optimizer starts afresh. */
  disposeState(): void {
    for (const s of this.state.values()) for (const v of Object.values(s)) if (v instanceof Tensor) v.dispose();
    this.state.clear();
  }

  /** Frees the optimizer's state; parameters and gradients belong to the caller. */
  dispose(): void {
    this.disposeState();
  }
}
