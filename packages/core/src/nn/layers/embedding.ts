import type { Tensor } from '../../tensor/tensor.js';
import { embedding } from '../../ops/indexing.js';
import { Module } from '../module.js';
import { parameter } from '../parameter.js';
import { normal_ } from '../init.js';
import { LayerInputError } from '../layer-input-error.js';
import { empty } from './empty.js';

/** A lookup table of `numEmbeddings` vectors of size `embeddingDim`, N(0, 1) initialised. */
export class Embedding extends Module {
  readonly weight: Tensor;

  constructor(readonly numEmbeddings: number, readonly embeddingDim: number) {
    super();
    this.weight = parameter(normal_(empty([numEmbeddings, embeddingDim])));
  }

  forward(indices: Tensor): Tensor {
    if (indices.dtype !== 'int32') {
      throw new LayerInputError(this, this.toString(), `indices must be int32, got ${indices.dtype}`);
    }
    return embedding(indices, this.weight);
  }

  override toString(): string {
    return `Embedding ${this.numEmbeddings}x${this.embeddingDim}`;
  }
}

