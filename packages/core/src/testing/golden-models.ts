import type { Tensor } from '../tensor/tensor.js';
import { tidy } from '../tensor/scope.js';
import { readSafetensors, safetensorsToTensors } from '../serialization/safetensors-reader.js';
import { crossEntropy } from '../ops/cross-entropy.js';
import { flatten } from '../ops/view.js';
import { relu } from '../ops/unary.js';
import { Module } from '../nn/module.js';
import { Sequential } from '../nn/containers.js';
import { Linear } from '../nn/layers/linear.js';
import { Conv2d } from '../nn/layers/conv2d.js';
import { BatchNorm2d } from '../nn/layers/batch-norm.js';
import { MaxPool2d } from '../nn/layers/pooling.js';
import { Flatten, ReLU } from '../nn/layers/activations.js';
import type { FixtureSource } from './fixture-source.js';
import type { GoldenOtherCase } from './golden-manifest.js';
import { buildOptimizer, buildScheduler, type TorchSpec } from './golden-optim.js';
import { clipGradNorm } from '../optim/clip-grad-norm.js';
import { GoldenGpt, GoldenLstmClassifier, sequenceCrossEntropy } from './golden-seq-architectures.js';
import { adamDriftBound, keyProblems, maskedFinalError, optimizerParams } from './golden-model-setup.js';

/** The seed CNN of DESIGN.md §8: conv1 -> ReLU -> flatten -> fc. */
class ComplexModel extends Module {
  conv1 = new Conv2d(3, 64, 3, { stride: 1, padding: 1 });
  fc = new Linear(64 * 32 * 32, 10);
  forward(x: Tensor): Tensor {
    return this.fc.call(flatten(relu(this.conv1.call(x)), 1));
  }
}

interface Architecture {
  /** Builds the model; sizes come from the case's `config` where it has one. */
  build(config: Readonly<Record<string, unknown>>): Module;
  /** The training loss; cross entropy of the model's output against `y` by default. */
  readonly loss?: (out: Tensor, y: Tensor) => Tensor;
  /**
   * BatchNorm running means that average a preceding bias (running_mean key -> bias key):
   * when that bias is noise-driven (see noiseDrivenParams), so is the mean it feeds.
   */
  readonly biasFedMeans?: Readonly<Record<string, string>>;
}

/** The architectures the `models` cases name (README: fixed by the case name). */
const ARCHITECTURES: Record<string, Architecture> = {
  mlp_sgd_momentum: { build: () => new Sequential(new Linear(784, 128), new ReLU(), new Linear(128, 10)) },
  complex_model_sgd: { build: () => new ComplexModel() },
  lenet_bn_adam: {
    build: () =>
      new Sequential(
        new Conv2d(1, 6, 5), new BatchNorm2d(6), new ReLU(), new MaxPool2d(2),
        new Conv2d(6, 16, 5), new ReLU(), new MaxPool2d(2), new Flatten(), new Linear(256, 10),
      ),
    biasFedMeans: { '1.running_mean': '0.bias' },
  },
  gpt_tiny_adamw: { build: (config) => new GoldenGpt(config), loss: sequenceCrossEntropy },
  lstm_classifier_sgd: { build: (config) => new GoldenLstmClassifier(config) },
};

/**
 * How far a running mean (momentum m) can drift when the bias it averages is noise-driven:
 * at step t both runs' biases are within t*lr of init, so they differ by at most 2*t*lr, and
 * the running mean weighs step t by m*(1-m)^(steps-1-t).
 */
const meanDriftBound = (steps: number, lr: number, momentum = 0.1): number => {
  let bound = 0;
  for (let t = 0; t < steps; t++) bound += momentum * (1 - momentum) ** (steps - 1 - t) * 2 * t * lr;
  return bound * 1.001;
};

export interface GoldenModelResult {
  name: string;
  passed: boolean;
  maxError: number;
  tolerance: number;
  message: string;
}

async function relError(a: Tensor, b: Tensor): Promise<number> {
  const [x, y] = [await a.data(), await b.data()];
  let diff = 0;
  let scale = 1;
  for (let i = 0; i < y.length; i++) {
    diff = Math.max(diff, Math.abs(x[i] - y[i]));
    scale = Math.max(scale, Math.abs(y[i]));
  }
  return x.length === y.length ? diff / scale : Infinity;
}

/**
 * Parameters whose PyTorch gradient is float32 rounding noise (|grad0| < 1e-6: a conv bias
 * right before BatchNorm, whose exact gradient is 0). Adam normalises the gradient, so it
 * moves such a parameter by up to lr per step in a direction set by the noise, which no
 * other implementation reproduces. For those, the check is the bound Adam guarantees,
 * |final - init| <= steps * lr; every other parameter is compared with PyTorch's values.
 */
async function noiseDrivenParams(entry: GoldenOtherCase, get: (k: string) => Tensor, keys: string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  const spec = entry.optimizer as TorchSpec;
  if (spec.type !== 'Adam' && spec.type !== 'AdamW') return out;
  for (const k of keys) {
    const g = await get(`grad0.${k}`).data();
    if (g.every((v) => Math.abs(v) < 1e-6)) out.set(k, adamDriftBound(entry));
  }
  return out;
}

/**
 * Under Adam, the elements of a parameter whose first gradient is float32 noise while the rest
 * is not (attention's key bias: softmax cancels it exactly): a mask of them, or null.
 */
async function partialNoise(entry: GoldenOtherCase, grad0: Tensor | undefined): Promise<boolean[] | null> {
  const spec = entry.optimizer as TorchSpec;
  if (!grad0 || (spec.type !== 'Adam' && spec.type !== 'AdamW')) return null;
  const mask = Array.from(await grad0.data(), (v) => Math.abs(v) < 1e-6);
  return mask.some(Boolean) ? mask : null;
}

/**
 * Replays a `models` case: builds the named architecture, loads `init.*` through
 * `loadStateDict`, runs `steps` optimizer steps on the fixture's batch, and compares the
 * losses, the first step's gradients (`grad0.*`) and the final state (`final.*`).
 */
export async function runModelCase(source: FixtureSource, entry: GoldenOtherCase, { device = 'cpu', tolerance = 1e-4 } = {}): Promise<GoldenModelResult> {
  const fail = (message: string, maxError = Infinity): GoldenModelResult => ({ name: entry.name, passed: false, maxError, tolerance, message });
  const arch = ARCHITECTURES[entry.name];
  if (!arch) return fail(`no architecture for model case '${entry.name}' (known: ${Object.keys(ARCHITECTURES).join(', ')})`);
  const tensors = safetensorsToTensors(readSafetensors(await source.readBytes(entry.file)), device);
  const get = (k: string): Tensor => {
    const t = tensors.get(k);
    if (!t) throw new Error(`${entry.file}: missing tensor '${k}'`);
    return t;
  };
  try {
    const model = arch.build((entry.config ?? {}) as Record<string, unknown>).to(device);
    const init = Object.fromEntries([...tensors].filter(([k]) => k.startsWith('init.')).map(([k, t]) => [k.slice(5), t]));
    model.loadStateDict(init);
    const setup = optimizerParams(model, entry.optimizer as TorchSpec);
    const optimizer = buildOptimizer(setup.params, setup.spec);
    const scheduler = entry.scheduler ? buildScheduler(optimizer, entry.scheduler as TorchSpec) : null;
    const lrs = entry.lrs_before_each_step as number[] | undefined;
    const clip = (entry.clip_grad_norm ?? null) as number | null;
    const lossOf = arch.loss ?? ((out: Tensor, y: Tensor): Tensor => crossEntropy(out, y));
    const expectedLosses = (entry.losses as number[]) ?? [];
    let worst = 0;
    const notes: string[] = keyProblems(model, entry);
    const track = (what: string, err: number): void => {
      if (err > worst) worst = err;
      if (!(err <= tolerance)) notes.push(`${what}: rel error ${err.toExponential(2)}`);
    };
    for (let step = 0; step < (entry.steps as number); step++) {
      const lr = optimizer.paramGroups[0].lr;
      if (lrs && !(Math.abs(lr - lrs[step]) <= 1e-9 * Math.abs(lrs[step]))) notes.push(`lr before step ${step} is ${lr}, PyTorch's ${lrs[step]}`);
      optimizer.zeroGrad();
      const loss = tidy(() => {
        const l = lossOf(model.call(get('x')), get('y'));
        l.backward();
        return l.detach();
      });
      const value = await loss.item();
      loss.dispose();
      track(`loss[${step}]`, Math.abs(value - expectedLosses[step]) / Math.max(1, Math.abs(expectedLosses[step])));
      if (step === 0) {
        for (const [k, p] of model.namedParameters()) {
          if (!p.grad) notes.push(`grad0.${k}: no gradient`);
          else track(`grad0.${k}`, await relError(p.grad, get(`grad0.${k}`)));
        }
      }
      if (clip !== null) tidy(() => void clipGradNorm(model.parameters(), clip));
      optimizer.step();
      scheduler?.step();
    }
    const noiseDriven = await noiseDrivenParams(entry, get, [...model.namedParameters()].map(([k]) => k));
    for (const [mean, bias] of Object.entries(arch.biasFedMeans ?? {})) {
      if (noiseDriven.has(bias)) noiseDriven.set(mean, meanDriftBound(entry.steps as number, (entry.optimizer as TorchSpec).lr as number));
    }
    for (const [k, t] of Object.entries(model.stateDict())) {
      const want = get(`final.${k}`);
      const bound = noiseDriven.get(k);
      const partial = bound === undefined ? await partialNoise(entry, tensors.get(`grad0.${k}`)) : null;
      if (partial) {
        const m = maskedFinalError(await t.data(), await want.data(), await get(`init.${k}`).data(), partial);
        track(`final.${k}`, m.error);
        const limit = adamDriftBound(entry);
        if (!(m.drift <= limit)) notes.push(`final.${k}: a noise-driven element moved ${m.drift.toExponential(2)}, more than the bound ${limit.toExponential(2)}`);
      } else if (bound === undefined) {
        track(`final.${k}`, await relError(t.dtype === want.dtype ? t : t.cast(want.dtype), want));
      } else {
        // Only a bound is defined for these: see noiseDrivenParams.
        const off = await relError(t, k.endsWith('running_mean') ? want : get(`init.${k}`));
        if (!(off <= bound)) notes.push(`final.${k}: off by ${off.toExponential(2)}, more than the bound ${bound.toExponential(2)}`);
      }
    }
    optimizer.dispose();
    for (const p of model.parameters()) p.dispose();
    for (const b of model.buffers()) b.dispose();
    const passed = notes.length === 0;
    return { name: entry.name, passed, maxError: worst, tolerance, message: passed ? 'ok' : notes.slice(0, 4).join('; ') };
  } catch (e) {
    return fail(`threw ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
  } finally {
    for (const t of tensors.values()) t.dispose();
  }
}
