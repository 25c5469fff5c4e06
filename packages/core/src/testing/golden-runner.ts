import { getBackend } from '../backend/devices.js';
import { isFloat } from '../tensor/dtype.js';
import { readSafetensors, type SafetensorsFile } from '../serialization/safetensors-reader.js';
import type { FixtureSource } from './fixture-source.js';
import { GOLDEN_GROUPS, loadGoldenManifest, type GoldenGroup, type GoldenOpCase, type GoldenManifest } from './golden-manifest.js';
import { runModelCase, type GoldenModelResult } from './golden-models.js';
import { runModuleCase } from './golden-modules.js';
import { runOptimCase, type GoldenOptimResult, type OptimCaseEntry } from './golden-optim.js';
import { GOLDEN_OPS, REDUCTION_TOLERANCE } from './golden-ops.js';
import { ToleranceCheck, type HostTensor } from './host-compare.js';
import { evaluateOp, type EvalInput } from './op-evaluation.js';

/** The outcome of one golden case: plain data, for the CLI and for test runners alike. */
export interface GoldenResult {
  /** `group/name`, e.g. `ops/conv2d_s1_p1`. */
  readonly name: string;
  readonly passed: boolean;
  /** Largest relative error over every output and gradient compared (Infinity when it failed early). */
  readonly maxError: number;
  readonly tolerance: number;
  /** What failed, or a summary of what was compared. */
  readonly message: string;
}

export interface GoldenRunOptions {
  /** Device the ops run on; `'cpu'` when omitted. */
  readonly device?: string;
  /** Case groups to run; all of them (`ops`, `modules`, `models`, `optim`) by default. */
  readonly include?: readonly GoldenGroup[];
  /** Only cases whose name passes this filter. */
  readonly filter?: (name: string) => boolean;
}

const fail = (name: string, tolerance: number, message: string): GoldenResult => ({ name, passed: false, maxError: Infinity, tolerance, message });

const describeError = (e: unknown): string => (e instanceof Error ? `${e.name}: ${e.message}` : String(e));

/** Expected output `i`: `out.i`, or `out` for a single output. */
function expectedOutput(file: SafetensorsFile, i: number): HostTensor | undefined {
  return file.tensors.get(`out.${i}`) ?? (i === 0 ? file.tensors.get('out') : undefined);
}

function expectedOutputCount(file: SafetensorsFile): number {
  if (file.tensors.has('out')) return 1;
  let n = 0;
  while (file.tensors.has(`out.${n}`)) n++;
  return n;
}

/**
 * Runs one `ops` case: builds its inputs from `in.*` (float inputs that the fixture has a
 * `grad.*` for require gradients), calls the op through `GOLDEN_OPS`, compares every output,
 * backpropagates `grad_out` and compares every `grad.*`. A missing op or a throw is a failure.
 */
export async function runGoldenOpCase(source: FixtureSource, entry: GoldenOpCase, device = 'cpu'): Promise<GoldenResult> {
  const name = `ops/${entry.name}`;
  const op = GOLDEN_OPS[entry.op];
  const tolerance = op?.tolerance ?? REDUCTION_TOLERANCE;
  if (!op) return fail(name, tolerance, `op '${entry.op}' has no entry in the golden op table (testing/golden-ops.ts)`);
  let file: SafetensorsFile;
  try {
    file = readSafetensors(await source.readBytes(entry.file));
  } catch (e) {
    return fail(name, tolerance, `cannot read ${entry.file}: ${describeError(e)}`);
  }
  try {
    const inputs: EvalInput[] = entry.inputs.map((n) => {
      const t = file.tensors.get(`in.${n}`);
      if (!t) throw new Error(`fixture has no tensor 'in.${n}'`);
      return { name: n, dtype: t.dtype, shape: t.shape, values: t.values, requiresGrad: isFloat(t.dtype) && file.tensors.has(`grad.${n}`) };
    });
    const gradOut = (i: number): HostTensor | undefined => file.tensors.get(`grad_out.${i}`) ?? (i === 0 ? file.tensors.get('grad_out') : undefined);
    const result = await evaluateOp(op, entry.kwargs, inputs, device, gradOut);

    const report = new ToleranceCheck(tolerance);
    const { problems } = report;
    const check = (label: string, actual: HostTensor, expected: HostTensor): void => report.check(label, actual, expected);
    const count = expectedOutputCount(file);
    if (result.outputs.length !== count) problems.push(`returned ${result.outputs.length} outputs, expected ${count}`);
    result.outputs.forEach((o, i) => {
      const want = expectedOutput(file, i);
      if (want) check(count === 1 ? 'out' : `out.${i}`, o, want);
    });
    for (const input of inputs) {
      const want = file.tensors.get(`grad.${input.name}`);
      if (!want) continue;
      const got = result.grads.get(input.name);
      if (!got) problems.push(`grad.${input.name}: no gradient reached input '${input.name}'`);
      else check(`grad.${input.name}`, got, want);
    }
    const compared = count + inputs.filter((i) => i.requiresGrad).length;
    if (problems.length) return { name, passed: false, maxError: report.maxError, tolerance, message: problems.join('; ') };
    return { name, passed: true, maxError: report.maxError, tolerance, message: `${compared} tensors within ${tolerance} (max rel error ${report.maxError.toExponential(2)})` };
  } catch (e) {
    return fail(name, tolerance, describeError(e));
  }
}

const named = (group: GoldenGroup, r: GoldenModelResult | GoldenOptimResult): GoldenResult => ({
  name: `${group}/${r.name}`,
  passed: r.passed,
  maxError: r.maxError,
  tolerance: r.tolerance,
  message: r.message,
});

/**
 * Runs the golden cases of `source` on `options.device` and returns one result per case.
 * Fails fast (throws) when the device has no backend, so a missing backend is never "0 failures".
 */
export async function runGolden(source: FixtureSource, options: GoldenRunOptions = {}): Promise<GoldenResult[]> {
  const device = options.device ?? 'cpu';
  getBackend(device);
  const manifest: GoldenManifest = await loadGoldenManifest(source);
  const include = options.include ?? GOLDEN_GROUPS;
  const keep = options.filter ?? (() => true);
  const results: GoldenResult[] = [];
  if (include.includes('ops')) {
    for (const entry of manifest.ops) if (keep(entry.name)) results.push(await runGoldenOpCase(source, entry, device));
  }
  if (include.includes('modules')) {
    for (const c of manifest.modules) if (keep(c.name)) results.push(named('modules', await runModuleCase(source, c, { device })));
  }
  if (include.includes('models')) {
    for (const c of manifest.models) if (keep(c.name)) results.push(named('models', await runModelCase(source, c, { device })));
  }
  if (include.includes('optim')) {
    for (const c of manifest.optim) {
      if (keep(c.name)) results.push(named('optim', await runOptimCase(source, c as unknown as OptimCaseEntry, { device })));
    }
  }
  return results;
}

/** `golden <device>: <passed>/<total> pass`, the CLI's last line. */
export function summarizeGolden(device: string, results: readonly GoldenResult[]): string {
  return `golden ${device}: ${results.filter((r) => r.passed).length}/${results.length} pass`;
}
