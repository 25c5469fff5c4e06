import type { FixtureSource } from './fixture-source.js';
import type { GoldenManifest } from './golden-manifest.js';
import { runGoldenOpCase } from './golden-runner.js';
import { compareHost, type HostTensor } from './host-compare.js';
import { withMemoryGuard } from './memory-guard.js';
import { evaluateOp, type EvalInput, type GradOutputFor, type OpEvaluation } from './op-evaluation.js';
import { isFloat } from '../tensor/dtype.js';
import { OP_CASES, opOfCase, type OpCase } from './op-cases.js';
import { makeInputs, randomValues } from './random-inputs.js';
import { backendUnavailable } from './backend-available.js';
import { declaredRefusal, expectRefusal, refusedEverywhere, type UnsupportedCase } from './unsupported-cases.js';

/** The parts of a test framework the suite needs (vitest's, jest's and mocha's fit). */
export interface TestApi {
  describe(name: string, fn: () => void): void;
  it(name: string, fn: () => Promise<void>): void;
}

export interface ConformanceOptions extends TestApi {
  /** The device under test: `'cpu'`, `'webgpu'`, ... */
  readonly device: string;
  /** Golden fixtures: the source and its manifest (loaded before the suite registers its tests). */
  readonly source: FixtureSource;
  readonly manifest: GoldenManifest;
  /**
   * Device whose results the random cases are compared with; `'cpu'`. When it is the device
   * under test, float32 cases are compared with the same device's float64 results.
   */
  readonly reference?: string;
  /** Random-input cases; `OP_CASES` by default. */
  readonly cases?: readonly OpCase[];
  readonly seed?: number;
  /**
   * The float dtypes the random cases run in (`['float32']` by default). Each dtype other than
   * the first adds its own copy of every case, named `<case> <dtype>`.
   */
  readonly dtypes?: readonly ('float32' | 'float64')[];
  /**
   * The backend's table of (kernel, dtype) pairs it refuses. A case in a dtype refused for every
   * kernel is registered as `<case> <dtype>: unsupported (<reason>)` and asserts the refusal (a
   * DTypeError with the reason, never a run on another device); a case that hits a refused
   * kernel passes only with that declared DTypeError, and says so on the console.
   */
  readonly unsupported?: readonly UnsupportedCase[];
}

/** Runs `c` on `device` and `reference` with the same float32 inputs and upstream gradients; returns the problems. */
export async function compareWithReference(
  c: OpCase, device: string, reference: string, seed = 7, float: 'float32' | 'float64' = 'float32',
): Promise<string[]> {
  const op = opOfCase(c);
  const inputs = makeInputs(c.inputs, float, seed);
  // A device compared with itself proves nothing: then its float32 kernels face its float64 ones.
  const refFloat = device === reference && float === 'float32' ? 'float64' : float;
  const widen = <T extends HostTensor>(t: T): T => (refFloat !== float && isFloat(t.dtype) ? { ...t, dtype: refFloat, values: Float64Array.from(t.values) } : t);
  const gradFor = (k: number, out: HostTensor): HostTensor => ({ dtype: float, shape: out.shape, values: randomValues(out.shape, float, seed + 1 + k) });
  const run = (d: string, ins: readonly EvalInput[], grads: GradOutputFor): Promise<OpEvaluation> => evaluateOp(op, c.kwargs ?? {}, ins, d, grads);
  const got = await run(device, inputs, gradFor);
  const want = await run(reference, inputs.map(widen), (k, out) => widen(gradFor(k, out)));
  const problems: string[] = [];
  const check = (label: string, a: HostTensor | null | undefined, b: HostTensor | null | undefined): void => {
    if (!b) return;
    if (!a) {
      problems.push(`${label}: missing on ${device}`);
      return;
    }
    const r = compareHost(label, a, b);
    if (r.problem) problems.push(r.problem);
    else if (r.error > op.tolerance) problems.push(`${label}: rel error ${r.error.toExponential(2)} vs ${reference} > ${op.tolerance}`);
  };
  if (got.outputs.length !== want.outputs.length) problems.push(`${got.outputs.length} outputs on ${device}, ${want.outputs.length} on ${reference}`);
  want.outputs.forEach((o, i) => check(`out.${i}`, got.outputs[i], o));
  for (const [name, g] of want.grads) check(`grad.${name}`, got.grads.get(name), g);
  return problems;
}

async function guarded(fn: () => Promise<string[]>): Promise<void> {
  const { value: problems, leak } = await withMemoryGuard(fn);
  if (leak) problems.push(leak);
  if (problems.length) throw new Error(problems.join('; '));
}

/**
 * Registers the backend conformance suite for `device` with the caller's test framework: every
 * golden `ops` case (forward and backward against PyTorch), every op of `OP_CASES` on random
 * inputs against the reference backend, each inside a memory guard that fails on leaked
 * buffers. A missing op or backend fails its cases; nothing is skipped.
 */
export function runConformanceSuite(options: ConformanceOptions): void {
  const { device, source, manifest, describe, it } = options;
  const reference = options.reference ?? 'cpu';
  describe(`conformance: ${device}`, () => {
    it('has a backend registered', async () => {
      const why = backendUnavailable(device);
      if (why) throw new Error(why);
    });
    describe('golden ops (PyTorch)', () => {
      for (const entry of manifest.ops) {
        it(entry.name, () =>
          guarded(async () => {
            const r = await runGoldenOpCase(source, entry, device);
            return r.passed ? [] : [r.message];
          }),
        );
      }
    });
    describe(`random inputs vs ${reference === device ? `${reference} float64` : reference}`, () => {
      const table = options.unsupported ?? [];
      const dtypes = options.dtypes ?? ['float32'];
      for (const [k, dtype] of dtypes.entries()) {
        const refused = refusedEverywhere(table, dtype);
        for (const c of options.cases ?? OP_CASES) {
          const name = k === 0 ? c.name : `${c.name} ${dtype}`;
          const compare = (): Promise<string[]> => compareWithReference(c, device, reference, options.seed, dtype);
          if (refused) {
            it(`${name}: unsupported (${refused.reason})`, () => guarded(() => expectRefusal(compare, refused)));
            continue;
          }
          it(name, () =>
            guarded(async () => {
              try {
                return await compare();
              } catch (e) {
                const hit = declaredRefusal(table, dtype, e);
                if (!hit) throw e;
                console.info(`conformance ${device}: ${name}: unsupported (${hit.kernel}, ${hit.dtype}): ${hit.reason}`);
                return [];
              }
            }),
          );
        }
      }
    });
  });
}
