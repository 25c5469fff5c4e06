import { keep } from '../tensor/scope.js';
import type { Tensor } from '../tensor/tensor.js';
import { add, mul, sub } from '../ops/binary.js';
import { clone, neg } from '../ops/unary.js';
import { zerosLike } from '../ops/creation.js';
import { runKernelInPlace } from '../ops/dispatch.js';
import { canFuse } from './fused-step.js';
import { Optimizer, type ParamGroup, type ParamsInput } from './optimizer.js';

/** SGD's hyper-parameters, resolved (every group has each of them). */
export interface SgdDefaults {
  lr: number;
  momentum: number;
  dampening: number;
  nesterov: boolean;
  weightDecay: number;
  maximize: boolean;
}

/** SGD's options: `lr` is required, as in PyTorch; the rest default to 0 / false. */
export type SgdOptions = Partial<SgdDefaults> & { lr: number };

/**
 * Stochastic gradient descent with PyTorch's exact update order:
 * `g += weightDecay * p`; `buf = g` on the first step, then `buf = momentum * buf + (1 - dampening) * g`;
 * `g = nesterov ? g + momentum * buf : buf`; `p -= lr * g`. State: `momentum_buffer`.
 */
export class SGD extends Optimizer<SgdDefaults> {
  constructor(params: ParamsInput<SgdDefaults>, options: SgdOptions) {
    super('SGD', params, { momentum: 0, dampening: 0, nesterov: false, weightDecay: 0, maximize: false, ...options });
  }

  protected override validate(g: ParamGroup<SgdDefaults>): void {
    super.validate(g);
    this.check(g.momentum >= 0, 'momentum value', g.momentum);
    this.check(g.weightDecay >= 0, 'weight_decay value', g.weightDecay);
    if (g.nesterov && (g.momentum <= 0 || g.dampening !== 0)) {
      throw new RangeError('SGD: nesterov momentum requires a momentum and zero dampening');
    }
  }

  protected update(group: ParamGroup<SgdDefaults>): void {
    const { lr, momentum, dampening, nesterov, weightDecay, maximize } = group;
    for (const p of group.params) {
      if (!p.grad) continue;
      if (canFuse('SgdStep', p)) {
        this.fusedStep(p, p.grad, group);
        continue;
      }
      let d: Tensor = maximize ? neg(p.grad) : p.grad;
      if (weightDecay !== 0) d = add(d, mul(p, weightDecay));
      if (momentum !== 0) {
        const state = this.stateOf(p);
        const buf = state.momentum_buffer as Tensor | undefined;
        let b: Tensor;
        if (!buf) {
          b = keep(clone(d));
          state.momentum_buffer = b;
        } else {
          b = buf.copy_(add(mul(buf, momentum), mul(d, 1 - dampening)));
        }
        d = nesterov ? add(d, mul(b, momentum)) : b;
      }
      p.copy_(sub(p, mul(d, lr)));
    }
  }

  /** The same update as one `SgdStep` kernel (a backend that fuses it, e.g. WebGPU). */
  private fusedStep(p: Tensor, grad: Tensor, group: ParamGroup<SgdDefaults>): void {
    const { lr, momentum, dampening, nesterov, weightDecay, maximize } = group;
    let buf = p;
    let first = false;
    if (momentum !== 0) {
      const state = this.stateOf(p);
      first = state.momentum_buffer === undefined;
      if (first) state.momentum_buffer = keep(zerosLike(p));
      buf = state.momentum_buffer as Tensor;
    }
    runKernelInPlace('SgdStep', { param: p, grad, buf }, { lr, momentum, dampening, nesterov, weightDecay, maximize, first });
  }
}
