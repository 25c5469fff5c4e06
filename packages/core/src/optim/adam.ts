import { keep } from '../tensor/scope.js';
import type { Tensor } from '../tensor/tensor.js';
import { zerosLike } from '../ops/creation.js';
import { add, div, maximum, mul, sub } from '../ops/binary.js';
import { neg, sqrt } from '../ops/unary.js';
import { runKernelInPlace } from '../ops/dispatch.js';
import { canFuse } from './fused-step.js';
import { Optimizer, type ParamGroup, type ParamsInput } from './optimizer.js';

/** Adam's hyper-parameters, resolved. */
export interface AdamDefaults {
  lr: number;
  betas: [number, number];
  eps: number;
  weightDecay: number;
  amsgrad: boolean;
  maximize: boolean;
}

/** Adam's options, PyTorch's defaults: lr 1e-3, betas [0.9, 0.999], eps 1e-8, weightDecay 0. */
export type AdamOptions = Partial<AdamDefaults>;

/**
 * Adam (Kingma & Ba) with PyTorch's bias correction:
 * `m = b1*m + (1-b1)*g`, `v = b2*v + (1-b2)*g²`, `p -= lr/(1-b1^t) * m / (sqrt(v)/sqrt(1-b2^t) + eps)`.
 * `weightDecay` adds `wd * p` to the gradient (L2). State: `step` (a number), `exp_avg`,
 * `exp_avg_sq`, and `max_exp_avg_sq` with `amsgrad`.
 */
export class Adam extends Optimizer<AdamDefaults> {
  /** AdamW decays the weights instead of adding to the gradient. */
  protected readonly decoupled: boolean = false;

  /** `name` and `weightDecay` (the default) are for subclasses such as AdamW. */
  constructor(params: ParamsInput<AdamDefaults>, options: AdamOptions = {}, name = 'Adam', weightDecay = 0) {
    super(name, params, { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay, amsgrad: false, maximize: false, ...options });
  }

  protected override validate(g: ParamGroup<AdamDefaults>): void {
    super.validate(g);
    this.check(g.eps >= 0, 'epsilon value', g.eps);
    this.check(g.betas[0] >= 0 && g.betas[0] < 1, 'beta parameter at index 0', g.betas[0]);
    this.check(g.betas[1] >= 0 && g.betas[1] < 1, 'beta parameter at index 1', g.betas[1]);
    this.check(g.weightDecay >= 0, 'weight_decay value', g.weightDecay);
  }

  protected update(group: ParamGroup<AdamDefaults>): void {
    const { lr, eps, weightDecay, amsgrad, maximize } = group;
    const [beta1, beta2] = group.betas;
    for (const p of group.params) {
      if (!p.grad) continue;
      const state = this.stateOf(p);
      if (state.step === undefined) {
        state.step = 0;
        state.exp_avg = keep(zerosLike(p));
        state.exp_avg_sq = keep(zerosLike(p));
        if (amsgrad) state.max_exp_avg_sq = keep(zerosLike(p));
      }
      const step = (state.step as number) + 1;
      state.step = step;
      if (canFuse('AdamStep', p)) {
        const [m, v] = [state.exp_avg as Tensor, state.exp_avg_sq as Tensor];
        const vmax = amsgrad ? ((state.max_exp_avg_sq as Tensor | undefined) ?? (state.max_exp_avg_sq = keep(zerosLike(p)))) : v;
        const attrs = { lr, beta1, beta2, eps, weightDecay, decoupled: this.decoupled, amsgrad, maximize, step };
        runKernelInPlace('AdamStep', { param: p, grad: p.grad, m, v, vmax }, attrs);
        continue;
      }
      let g: Tensor = maximize ? neg(p.grad) : p.grad;
      if (weightDecay !== 0) {
        if (this.decoupled) p.copy_(mul(p, 1 - lr * weightDecay));
        else g = add(g, mul(p, weightDecay));
      }
      const m = (state.exp_avg as Tensor).copy_(add(mul(state.exp_avg as Tensor, beta1), mul(g, 1 - beta1)));
      const v = state.exp_avg_sq as Tensor;
      v.copy_(add(mul(v, beta2), mul(mul(g, g), 1 - beta2)));
      let vHat = v;
      if (amsgrad) {
        // A group may turn amsgrad on after the state was made.
        const max = (state.max_exp_avg_sq as Tensor | undefined) ?? (state.max_exp_avg_sq = keep(zerosLike(p)));
        vHat = max.copy_(maximum(max, v));
      }
      const stepSize = lr / (1 - beta1 ** step);
      const denom = add(div(sqrt(vHat), Math.sqrt(1 - beta2 ** step)), eps);
      p.copy_(sub(p, mul(div(m, denom), stepSize)));
    }
  }
}

/** AdamW's options: as Adam's, but `weightDecay` defaults to 0.01 and is decoupled. */
export type AdamWOptions = AdamOptions;

/**
 * AdamW (Loshchilov & Hutter): Adam with decoupled weight decay, `p *= 1 - lr * weightDecay`
 * before the Adam update (PyTorch's order).
 */
export class AdamW extends Adam {
  protected override readonly decoupled: boolean = true;

  constructor(params: ParamsInput<AdamDefaults>, options: AdamWOptions = {}) {
    super(params, options, 'AdamW', 0.01);
  }
}
