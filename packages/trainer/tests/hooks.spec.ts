import { describe, expect, it } from 'vitest';
import { type Optimizer, type Tensor } from '@flint/core';
import { Callback, CallbackError, Trainer, type OptimizerConfig, type RunningStage } from '../src/index.js';
import { Mlp, loaders, type Batch } from './fixtures.js';

const base = { accelerator: 'cpu', enableProgressBar: false, enableModelSummary: false, logger: false, enableCheckpointing: false } as const;

/** Records every module hook it sees. */
class Recording extends Mlp {
  calls: string[] = [];
  override setup(_s: RunningStage): void { this.calls.push('setup'); }
  override configureModel(): void { this.calls.push('configureModel'); }
  override configureOptimizers(): OptimizerConfig { this.calls.push('configureOptimizers'); return super.configureOptimizers(); }
  override onFitStart(): void { this.calls.push('onFitStart'); }
  override onTrainStart(): void { this.calls.push('onTrainStart'); }
  override onTrainEpochStart(): void { this.calls.push('onTrainEpochStart'); }
  override onTrainBatchStart(): void { this.calls.push('onTrainBatchStart'); }
  override onBeforeBatchTransfer(b: Batch): Batch { this.calls.push('onBeforeBatchTransfer'); return b; }
  override transferBatchToDevice(b: Batch, d: string, i: number): Batch { this.calls.push('transferBatchToDevice'); return super.transferBatchToDevice(b, d, i); }
  override onAfterBatchTransfer(b: Batch): Batch { this.calls.push('onAfterBatchTransfer'); return b; }
  override trainingStep(b: Batch): Tensor { this.calls.push('trainingStep'); return super.trainingStep(b); }
  override onBeforeZeroGrad(): void { this.calls.push('onBeforeZeroGrad'); }
  override optimizerZeroGrad(e: number, i: number, o: Optimizer): void { this.calls.push('optimizerZeroGrad'); super.optimizerZeroGrad(e, i, o); }
  override onBeforeBackward(): void { this.calls.push('onBeforeBackward'); }
  override backward(l: Tensor): void { this.calls.push('backward'); super.backward(l); }
  override onAfterBackward(): void { this.calls.push('onAfterBackward'); }
  override onBeforeOptimizerStep(): void { this.calls.push('onBeforeOptimizerStep'); }
  override configureGradientClipping(o: Optimizer): void { this.calls.push('configureGradientClipping'); super.configureGradientClipping(o, undefined, undefined); }
  override optimizerStep(e: number, i: number, o: Optimizer): void { this.calls.push('optimizerStep'); super.optimizerStep(e, i, o); }
  override onTrainBatchEnd(): void { this.calls.push('onTrainBatchEnd'); }
  override onValidationStart(): void { this.calls.push('onValidationStart'); }
  override onValidationEpochStart(): void { this.calls.push('onValidationEpochStart'); }
  override onValidationBatchStart(): void { this.calls.push('onValidationBatchStart'); }
  override validationStep(b: Batch): Tensor { this.calls.push('validationStep'); return super.validationStep(b); }
  override onValidationBatchEnd(): void { this.calls.push('onValidationBatchEnd'); }
  override onValidationEpochEnd(): void { this.calls.push('onValidationEpochEnd'); }
  override onValidationEnd(): void { this.calls.push('onValidationEnd'); }
  override onTrainEpochEnd(): void { this.calls.push('onTrainEpochEnd'); }
  override onTrainEnd(): void { this.calls.push('onTrainEnd'); }
  override onFitEnd(): void { this.calls.push('onFitEnd'); }
  override teardown(): void { this.calls.push('teardown'); }
}

const batchHooks = ['onTrainBatchStart', 'onBeforeBatchTransfer', 'transferBatchToDevice', 'onAfterBatchTransfer', 'trainingStep', 'onBeforeZeroGrad', 'optimizerZeroGrad', 'onBeforeBackward', 'backward', 'onAfterBackward', 'onBeforeOptimizerStep', 'configureGradientClipping', 'optimizerStep', 'onTrainBatchEnd'];
const valHooks = ['onValidationStart', 'onValidationEpochStart', 'onValidationBatchStart', 'onBeforeBatchTransfer', 'transferBatchToDevice', 'onAfterBatchTransfer', 'validationStep', 'onValidationBatchEnd', 'onValidationEpochEnd', 'onValidationEnd'];

describe('hook order', () => {
  it('matches Lightning 2.x for one epoch of 2 batches with one validation batch and a sanity check', async () => {
    const model = new Recording();
    const { train, val } = loaders();
    await new Trainer({ ...base, maxEpochs: 1, limitTrainBatches: 2, limitValBatches: 0.5, numSanityValSteps: 1 }).fit(model, train, val);
    const expected = ['setup', 'configureModel', 'configureOptimizers', 'onFitStart', ...valHooks, 'onTrainStart', 'onTrainEpochStart', ...batchHooks, ...batchHooks, ...valHooks, 'onTrainEpochEnd', 'onTrainEnd', 'onFitEnd', 'teardown'];
    expect(model.calls).toEqual(expected);
  });

  it('callbacks get the hooks in their order, before the module; a throwing control callback stops fit naming it', async () => {
    const seen: string[] = [];
    class A extends Callback { override readonly order = 2; override onTrainEpochStart(): void { seen.push('A'); } }
    class B extends Callback { override readonly order = 1; override onTrainEpochStart(): void { seen.push('B'); } }
    class Boom extends Callback { override onTrainBatchEnd(): void { throw new Error('disk full'); } }
    const exceptions: string[] = [];
    class Watch extends Callback { override onException(): void { exceptions.push('Watch'); } }
    const { train } = loaders();
    await new Trainer({ ...base, maxEpochs: 1, limitTrainBatches: 1, callbacks: [new A(), new B()] }).fit(new Mlp(), train);
    expect(seen).toEqual(['B', 'A']);
    const err = await new Trainer({ ...base, maxEpochs: 1, callbacks: [new Boom(), new Watch()] }).fit(new Mlp(), train).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CallbackError);
    expect((err as Error).message).toBe('Boom.onTrainBatchEnd threw: disk full');
    expect(exceptions).toEqual(['Watch']);
  });

  it('an observer that throws is counted and reported once; training goes on', async () => {
    const warnings: string[] = [];
    const { train } = loaders();
    const trainer = new Trainer({ ...base, maxEpochs: 1, reporter: { warn: (m) => warnings.push(m) } });
    const bus = (trainer as unknown as { bus: { observe(o: { name: string; onEvent(): void }): void } }).bus;
    bus.observe({ name: 'broken', onEvent: () => { throw new Error('oops'); } });
    await trainer.fit(new Mlp(), train);
    expect(trainer.globalStep).toBe(8);
    expect(trainer.observerErrors.count('broken')).toBeGreaterThan(10);
    expect(warnings).toEqual(["flint: event observer 'broken' threw (training goes on; further errors of it are counted): oops"]);
  });
});
