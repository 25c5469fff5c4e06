import { FlintError } from '../tensor/errors.js';

/** A DataLoader used in a way it does not support (a synchronous `for...of`). */
export class DataLoaderError extends FlintError {}

/**
 * What `for (const batch of loader)` gets: the answer PyTorch users need. Batches can come from
 * worker threads and async datasets, so a loader is only async-iterable.
 */
export function syncIterationError(): never {
  throw new DataLoaderError(
    'DataLoader is async-iterable: write `for await (const batch of loader)` (PyTorch\'s `for batch in loader`); ' +
      'a plain for...of (or Array.from, spread) cannot wait for batches',
  );
}
