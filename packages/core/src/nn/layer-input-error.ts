import { ShapeError } from '../tensor/errors.js';

/**
 * A layer got an input it cannot take. As the error leaves each enclosing module's `call`,
 * the field name of the module it came through is prepended, so the message names the path:
 * `fc1 (Linear 784→10): input [64,100] does not match in_features 784`.
 */
export class LayerInputError extends ShapeError {
  /** Field names from the outermost module that called down to the failing layer. */
  readonly path: string[] = [];
  /** The module the error last passed through (internal bookkeeping for the path). */
  via: object;

  constructor(
    layer: object,
    readonly layerDescription: string,
    readonly detail: string,
  ) {
    super(`${layerDescription}: ${detail}`);
    this.via = layer;
  }

  /** Called by a parent module: `name` is the field that holds the module it came through. */
  prependPath(name: string, parent: object): void {
    this.path.unshift(name);
    this.via = parent;
    this.message = `${this.path.join('.')} (${this.layerDescription}): ${this.detail}`;
  }
}
