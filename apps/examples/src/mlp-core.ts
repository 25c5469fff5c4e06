/**
 * `npm run example`: trains a small MLP with @flint/core alone and prints its loss falling.
 */
import { trainMlp } from './train-mlp.js';

const started = performance.now();
await trainMlp({
  onEpoch: (epoch, loss, accuracy) =>
    console.log(`epoch ${epoch}  loss ${loss.toFixed(4)}  train accuracy ${(accuracy * 100).toFixed(1)}%`),
});
console.log(`done in ${((performance.now() - started) / 1000).toFixed(2)} s`);
