import { didYouMean } from '../args/suggest.js';
import { CliUsageError } from '../errors.js';

/**
 * Checks the `--model.*` (or `--data.*`) options against what the constructed class recorded
 * with `saveHyperparameters` (the options its constructor took, defaults filled in), as
 * Lightning's CLI checks them against the signature: `--model.lrr 0.1` is a usage error with a
 * suggestion instead of an option the constructor silently ignored. A class that records no
 * hyperparameters is not checked (nothing says what it takes).
 */
export function checkClassOptions(namespace: 'model' | 'data', className: string, given: Readonly<Record<string, unknown>>, hparams: Readonly<Record<string, unknown>>): void {
  const known = Object.keys(hparams);
  if (known.length === 0) return;
  for (const key of Object.keys(given)) {
    if (known.includes(key)) continue;
    throw new CliUsageError(
      `unknown option '--${namespace}.${key}' for ${className}${didYouMean(key, known, `--${namespace}.`)} (its hyperparameters: ${known.join(', ')})`,
    );
  }
}
