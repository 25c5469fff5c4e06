import { isFloat } from '../tensor/dtype.js';
import type { Tensor } from '../tensor/tensor.js';
import { tidy } from '../tensor/scope.js';
import { fromValues } from '../ops/creation.js';
import { mul } from '../ops/binary.js';
import { sum } from '../ops/reduce.js';
import { readSafetensors, type SafetensorsFile } from '../serialization/safetensors-reader.js';
import type { FixtureSource } from './fixture-source.js';
import type { GoldenOtherCase, Kwargs } from './golden-manifest.js';
import { GOLDEN_MODULES, type ForwardArg } from './golden-module-table.js';
import { ToleranceCheck, type HostTensor } from './host-compare.js';

/** The outcome of one `modules` case. */
export interface GoldenModuleResult {
  name: string;
  passed: boolean;
  maxError: number;
  tolerance: number;
  message: string;
}

const describeError = (e: unknown): string => (e instanceof Error ? `${e.name}: ${e.message}` : String(e));
const toHost = async (t: Tensor): Promise<HostTensor> => ({ dtype: t.dtype, shape: [...t.shape], values: await t.data() });

/** `out` for a single output, else `out.i`; undefined when the fixture has neither. */
function outputKey(file: SafetensorsFile, i: number): string | undefined {
  if (file.tensors.has('out') && i === 0) return 'out';
  return file.tensors.has(`out.${i}`) ? `out.${i}` : undefined;
}

/**
 * Runs one `modules` case: builds the layer from `module` and `kwargs`, checks its state-dict
 * keys against `state_dict_keys` (names and order), loads `state.*`, calls it with
 * `forward_kwargs`, compares every output, backpropagates `sum(out_i * grad_out_i)` and compares
 * the gradient of every float input (`grad.X`) and parameter (`grad.state.K`).
 */
export async function runModuleCase(source: FixtureSource, entry: GoldenOtherCase, { device = 'cpu', tolerance = 1e-4 } = {}): Promise<GoldenModuleResult> {
  const fail = (message: string, maxError = Infinity): GoldenModuleResult => ({ name: entry.name, passed: false, maxError, tolerance, message });
  const spec = GOLDEN_MODULES[entry.module as string];
  if (!spec) return fail(`module '${String(entry.module)}' has no entry in the golden module table (testing/golden-module-table.ts)`);
  let file: SafetensorsFile;
  try {
    file = readSafetensors(await source.readBytes(entry.file));
  } catch (e) {
    return fail(`cannot read ${entry.file}: ${describeError(e)}`);
  }
  const made: Tensor[] = [];
  const upload = (t: HostTensor, requiresGrad = false): Tensor => {
    const u = fromValues(t.values, t.shape, { dtype: t.dtype, device, requiresGrad });
    made.push(u);
    return u;
  };
  let module: ReturnType<typeof spec.build> | undefined;
  try {
    module = spec.build((entry.kwargs ?? {}) as Kwargs).to(device);
    const report = new ToleranceCheck(tolerance);
    const { problems } = report;
    const keys = Object.keys(module.stateDict());
    const want = (entry.state_dict_keys as string[] | undefined) ?? keys;
    if (keys.join() !== want.join()) problems.push(`state dict keys ${JSON.stringify(keys)}, PyTorch's ${JSON.stringify(want)}`);
    const state = Object.fromEntries([...file.tensors].filter(([k]) => k.startsWith('state.')).map(([k, t]) => [k.slice(6), upload(t)]));
    module.loadStateDict(state);
    const inputs = new Map<string, Tensor>();
    for (const n of (entry.inputs as string[]) ?? []) {
      const t = file.tensors.get(`in.${n}`);
      if (!t) throw new Error(`fixture has no tensor 'in.${n}'`);
      inputs.set(n, upload(t, isFloat(t.dtype) && file.tensors.has(`grad.${n}`)));
    }
    const args: Record<string, ForwardArg> = {};
    for (const [k, v] of Object.entries((entry.forward_kwargs ?? {}) as Record<string, unknown>)) {
      const named = (x: unknown): Tensor | undefined => (typeof x === 'string' ? inputs.get(x) : undefined);
      if (typeof v === 'string' && inputs.has(v)) args[k] = named(v) as Tensor;
      else if (Array.isArray(v) && v.every((x) => inputs.has(x as string))) args[k] = v.map((x) => named(x) as Tensor);
      else args[k] = v as ForwardArg;
    }
    const check = (label: string, actual: HostTensor, expected: HostTensor): void => report.check(label, actual, expected);
    const m = module;
    const outs = tidy(() => spec.run(m, args));
    made.push(...outs);
    const count = (entry.outputs as number | undefined) ?? outs.length;
    if (outs.length !== count) problems.push(`returned ${outs.length} outputs, expected ${count}`);
    for (const [i, o] of outs.entries()) {
      const k = outputKey(file, i);
      if (k) check(k, await toHost(o), file.tensors.get(k) as HostTensor);
    }
    tidy(() => {
      let total: Tensor | null = null;
      outs.forEach((o, i) => {
        const k = outputKey(file, i)?.replace(/^out/, 'grad_out');
        const g = k === undefined ? undefined : file.tensors.get(k);
        if (!g || o.gradFn === null) return;
        const term = sum(mul(o, fromValues(g.values, g.shape, { dtype: o.dtype, device })));
        total = total ? total.add(term) : term;
      });
      (total as Tensor | null)?.backward();
    });
    for (const [n, t] of inputs) {
      const want = file.tensors.get(`grad.${n}`);
      if (!want) continue;
      if (!t.grad) problems.push(`grad.${n}: no gradient reached input '${n}'`);
      else check(`grad.${n}`, await toHost(t.grad), want);
    }
    for (const [k, p] of module.namedParameters()) {
      const want = file.tensors.get(`grad.state.${k}`);
      if (!want) problems.push(`grad.state.${k}: the fixture has no gradient for parameter '${k}'`);
      else if (!p.grad) problems.push(`grad.state.${k}: no gradient reached parameter '${k}'`);
      else check(`grad.state.${k}`, await toHost(p.grad), want);
    }
    if (problems.length) return fail(problems.slice(0, 4).join('; '), report.maxError);
    return { name: entry.name, passed: true, maxError: report.maxError, tolerance, message: `outputs and gradients within ${tolerance} (max rel error ${report.maxError.toExponential(2)})` };
  } catch (e) {
    return fail(describeError(e));
  } finally {
    if (module) for (const p of [...module.parameters(), ...module.buffers()]) p.dispose();
    for (const t of made) t.dispose();
  }
}
