import type { Kwargs } from './golden-manifest.js';
import type { HostTensor } from './host-compare.js';
import { evaluateOp, type EvalInput } from './op-evaluation.js';
import { opOfCase, type OpCase } from './op-cases.js';
import { makeInputs, randomValues } from './random-inputs.js';

export interface GradcheckOptions {
  /** Finite-difference step; 1e-6 (PyTorch's `gradcheck`). */
  readonly eps?: number;
  /** A gradient passes where `|numeric - autograd| <= atol + rtol * |numeric|`; 1e-5 and 1e-3 as PyTorch. */
  readonly atol?: number;
  readonly rtol?: number;
  /** Seed of the inputs and upstream gradients. */
  readonly seed?: number;
  /** Must hold float64 tensors; `'cpu'` by default. */
  readonly device?: string;
}

export interface GradcheckResult {
  readonly name: string;
  readonly passed: boolean;
  /** Worst `|numeric - autograd| / (atol + rtol * |numeric|)`: at most 1 to pass. */
  readonly maxError: number;
  readonly message: string;
}

const dot = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
};

/** `sum_k sum(out_k * g_k)` over the outputs that got an upstream gradient, evaluated without autograd. */
async function objective(op: OpCase, kwargs: Kwargs, inputs: readonly EvalInput[], g: ReadonlyMap<number, HostTensor>, device: string): Promise<number> {
  const plain = inputs.map((i) => ({ ...i, requiresGrad: false }));
  const { outputs } = await evaluateOp(opOfCase(op), kwargs, plain, device);
  let total = 0;
  for (const [k, gk] of g) total += dot(outputs[k].values, gk.values);
  return total;
}

/**
 * Checks autograd against float64 central finite differences for `c` on random inputs: the
 * gradient of `sum(out * g)` (random `g`) with respect to every differentiable input, element by
 * element, `(f(x + eps) - f(x - eps)) / 2eps`. Outputs that autograd does not track (running
 * statistics) are left out of the objective on both sides.
 */
export async function gradcheck(c: OpCase, options: GradcheckOptions = {}): Promise<GradcheckResult> {
  const { eps = 1e-6, atol = 1e-5, rtol = 1e-3, seed = 1234, device = 'cpu' } = options;
  const kwargs = c.kwargs ?? {};
  const fail = (message: string): GradcheckResult => ({ name: c.name, passed: false, maxError: Infinity, message });
  try {
    const inputs = makeInputs(c.inputs, 'float64', seed);
    const g = new Map<number, HostTensor>();
    const analytic = await evaluateOp(opOfCase(c), kwargs, inputs, device, (k, out) => {
      const gk: HostTensor = { dtype: 'float64', shape: out.shape, values: randomValues(out.shape, 'float64', seed + 1 + k) };
      g.set(k, gk);
      return gk;
    });
    if (g.size === 0) return fail('no output is attached to the autograd graph');
    let worst = 0;
    let where = '';
    for (const [n, input] of inputs.entries()) {
      if (!input.requiresGrad) continue;
      const got = analytic.grads.get(input.name);
      if (!got) return fail(`no gradient reached input '${input.name}'`);
      if (got.values.length !== input.values.length) return fail(`grad.${input.name} has ${got.values.length} elements, input has ${input.values.length}`);
      for (let j = 0; j < input.values.length; j++) {
        const at = (delta: number): EvalInput[] => {
          const values = Float64Array.from(input.values);
          values[j] += delta;
          return inputs.map((x, m) => (m === n ? { ...x, values } : x));
        };
        const numeric = ((await objective(c, kwargs, at(eps), g, device)) - (await objective(c, kwargs, at(-eps), g, device))) / (2 * eps);
        const err = Math.abs(numeric - got.values[j]) / (atol + rtol * Math.abs(numeric));
        if (!(err <= worst)) {
          worst = Number.isNaN(err) ? Infinity : err;
          where = `grad.${input.name}[${j}]: autograd ${got.values[j]}, finite difference ${numeric}`;
        }
      }
    }
    const passed = worst <= 1;
    return { name: c.name, passed, maxError: worst, message: passed ? `worst ${worst.toFixed(3)} of tolerance at ${where}` : `mismatch at ${where}` };
  } catch (e) {
    return fail(e instanceof Error ? `${e.name}: ${e.message}` : String(e));
  }
}
