import { Callback } from './callback.js';

/** The hooks a `LambdaCallback` can take: any of `Callback`'s, as plain functions. */
export type LambdaHooks = {
  [K in keyof Callback as Callback[K] extends ((...args: never[]) => unknown) | undefined ? K : never]?: Callback[K];
};

/**
 * Lightning's `LambdaCallback`: a callback from functions, `new LambdaCallback({ onTrainEpochEnd:
 * (view) => ... })`. Each function runs as that hook, through the ordered, awaited runner.
 */
export class LambdaCallback extends Callback {
  constructor(hooks: LambdaHooks) {
    super();
    for (const [name, fn] of Object.entries(hooks)) {
      if (typeof fn !== 'function') throw new TypeError(`LambdaCallback: hook '${name}' must be a function, got ${typeof fn}`);
      if (!LAMBDA_HOOKS.has(name)) throw new TypeError(`LambdaCallback: '${name}' is not a callback hook`);
      Object.defineProperty(this, name, { value: fn, enumerable: false });
    }
  }
}

const LAMBDA_HOOKS = new Set([
  'setup', 'teardown', 'onFitStart', 'onFitEnd', 'onSanityCheckStart', 'onSanityCheckEnd', 'onTrainStart', 'onTrainEnd',
  'onTrainEpochStart', 'onTrainEpochEnd', 'onTrainBatchStart', 'onTrainBatchEnd', 'onValidationStart', 'onValidationEnd',
  'onValidationEpochStart', 'onValidationEpochEnd', 'onValidationBatchStart', 'onValidationBatchEnd', 'onTestStart', 'onTestEnd',
  'onTestEpochStart', 'onTestEpochEnd', 'onTestBatchStart', 'onTestBatchEnd', 'onPredictStart', 'onPredictEnd',
  'onPredictEpochStart', 'onPredictEpochEnd', 'onPredictBatchStart', 'onPredictBatchEnd', 'onBeforeZeroGrad', 'onBeforeBackward',
  'onAfterBackward', 'onBeforeOptimizerStep', 'onSaveCheckpoint', 'onLoadCheckpoint', 'onException',
]);
