import type { Tensor } from '../tensor/tensor.js';
import { isFloat } from '../tensor/dtype.js';
import { fromValues } from '../ops/creation.js';
import { tidy } from '../tensor/scope.js';
import { coreOp } from './core-ops.js';
import type { GoldenOp } from './golden-ops.js';
import type { Kwargs } from './golden-manifest.js';
import type { HostTensor } from './host-compare.js';

/** One input of an evaluation: host values, and whether autograd should reach it. */
export interface EvalInput extends HostTensor {
  readonly name: string;
  readonly requiresGrad: boolean;
}

/** Picks the upstream gradient of output `index` (of `shape`), or none for that output. */
export type GradOutputFor = (index: number, out: HostTensor) => HostTensor | undefined;

export interface OpEvaluation {
  readonly outputs: readonly HostTensor[];
  /** The gradient of `sum(out_i * gradOut_i)` for each input that required one; null if none arrived. */
  readonly grads: ReadonlyMap<string, HostTensor | null>;
}

const toHost = async (t: Tensor): Promise<HostTensor> => ({ dtype: t.dtype, shape: [...t.shape], values: await t.data() });

/**
 * Runs `op` on `device`: uploads the inputs, calls the op, reads the outputs back, then (when
 * `gradFor` gives upstream gradients) backpropagates `sum(out_i * gradOut_i)` and reads every
 * input's gradient. Only outputs attached to the graph get an upstream gradient (a running
 * statistic updated in place is not). Everything it allocates is disposed before it returns.
 */
export async function evaluateOp(
  op: GoldenOp,
  kwargs: Kwargs,
  inputs: readonly EvalInput[],
  device: string,
  gradFor?: GradOutputFor,
): Promise<OpEvaluation> {
  for (const name of op.uses) coreOp(name);
  const tensors: Tensor[] = [];
  let outs: readonly Tensor[] = [];
  try {
    for (const i of inputs) {
      tensors.push(fromValues(i.values, i.shape, { dtype: i.dtype, device, requiresGrad: i.requiresGrad && isFloat(i.dtype) }));
    }
    outs = tidy(() => {
      const r = op.run(tensors, kwargs);
      return Array.isArray(r) ? [...(r as readonly Tensor[])] : [r as Tensor];
    });
    const outputs: HostTensor[] = [];
    for (const o of outs) outputs.push(await toHost(o));
    const grads = new Map<string, HostTensor | null>();
    if (!gradFor || !inputs.some((i) => i.requiresGrad)) return { outputs, grads };
    tidy(() => {
      let total: Tensor | null = null;
      outs.forEach((o, k) => {
        const g = o.gradFn !== null || o.requiresGrad ? gradFor(k, outputs[k]) : undefined;
        if (!g) return;
        const term = coreOp('sum')(coreOp('mul')(o, fromValues(g.values, g.shape, { dtype: o.dtype, device })));
        total = total ? coreOp('add')(total, term) : term;
      });
      (total as Tensor | null)?.backward();
    });
    for (const [k, i] of inputs.entries()) {
      if (!i.requiresGrad) continue;
      const g = tensors[k].grad;
      grads.set(i.name, g ? await toHost(g) : null);
    }
    return { outputs, grads };
  } finally {
    const seen = new Set<Tensor>();
    for (const t of [...outs, ...tensors]) {
      if (seen.has(t)) continue;
      seen.add(t);
      t.dispose();
    }
  }
}
