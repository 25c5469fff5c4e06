/**
 * The page's script: trains the MNIST MLP when asked (button, or `?autostart=1`), draws the
 * loss curve, shows the accuracy and offers the weights as a safetensors download. The
 * result is also left on `window.flintResult` (or `window.flintError`) for the browser test.
 */
import { cpuKernelMode } from '@flint/core';
import { LossChart } from './loss-chart.js';
import { trainMnist, type MnistTrainingResult } from './mnist-training.js';

/** What the page leaves on `window` when a run ends. */
export interface PageOutcome {
  /** The run's result; `cpuKernel` is what the CPU backend's matmuls run on here (WASM SIMD or JS). */
  flintResult?: Omit<MnistTrainingResult, 'weights'> & { weightBytes: number; cpuKernel: string };
  flintError?: { name: string; message: string };
}

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const params = new URLSearchParams(location.search);
const int = (name: string): number | undefined => {
  const raw = params.get(name);
  return raw === null ? undefined : Number.parseInt(raw, 10);
};

async function run(): Promise<void> {
  const status = $('status');
  const chart = new LossChart($<HTMLCanvasElement>('loss'));
  $<HTMLButtonElement>('train').disabled = true;
  status.textContent = 'training…';
  const outcome = window as unknown as PageOutcome;
  try {
    const result = await trainMnist({
      seed: int('seed') ?? 0,
      steps: int('steps'),
      accelerator: params.get('accelerator') ?? 'webgpu',
      workers: int('workers') ?? 0,
      workerModule: new URL('./data-worker.js', location.href),
      onStep: (step, loss) => {
        chart.push(loss);
        status.textContent = `step ${step}: loss ${loss.toFixed(4)}`;
      },
    });
    $('device').textContent = result.device;
    $('accuracy').textContent = `${(result.accuracy * 100).toFixed(1)} %`;
    $('step-time').textContent = `${result.msPerStep.toFixed(2)} ms`;
    const link = $<HTMLAnchorElement>('download');
    link.href = URL.createObjectURL(new Blob([result.weights as Uint8Array<ArrayBuffer>], { type: 'application/octet-stream' }));
    link.hidden = false;
    for (const m of result.messages) console.warn(m);
    status.textContent = `done: ${result.losses.length} steps${result.messages.length ? ` (${result.messages.join('; ')})` : ''}`;
    const { weights, ...rest } = result;
    outcome.flintResult = { ...rest, weightBytes: weights.byteLength, cpuKernel: cpuKernelMode() };
    document.body.dataset.state = 'done';
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    status.textContent = `${err.name}: ${err.message}`;
    status.className = 'error';
    outcome.flintError = { name: err.name, message: err.message };
    document.body.dataset.state = 'error';
  }
}

$('train').addEventListener('click', () => void run());
if (params.get('autostart') === '1') void run();
