import type { Tensor } from '../../tensor/tensor.js';
import { embedding } from '../../ops/indexing.js';
import { narrow } from '../../ops/view.js';
import { noGrad } from '../../autograd/grad-mode.js';
import { Module } from '../module.js';
import { parameter } from '../parameter.js';
import { normal_ } from '../init.js';
import { LayerInputError } from '../layer-input-error.js';
import { empty } from './empty.js';

/**
 * A lookup table of `numEmbeddings` vectors of size `embeddingDim`, N(0, 1) initialised
 * (`nn.Embedding`). With `paddingIdx` that row starts at zero and gets no gradient.
 */
export class Embedding extends Module {
  readonly weight: Tensor;
  readonly paddingIdx: number | null;

  constructor(readonly numEmbeddings: number, readonly embeddingDim: number, opts: { paddingIdx?: number | null } = {}) {
    super();
    this.weight = parameter(normal_(empty([numEmbeddings, embeddingDim])));
    const pad = opts.paddingIdx ?? null;
    if (pad !== null && (!Number.isInteger(pad) || pad < -numEmbeddings || pad >= numEmbeddings)) {
      throw new RangeError(`Embedding: padding_idx ${pad} must be within num_embeddings ${numEmbeddings}`);
    }
    this.paddingIdx = pad === null ? null : pad < 0 ? pad + numEmbeddings : pad;
    if (this.paddingIdx !== null) {
      const row = narrow(this.weight, 0, this.paddingIdx, 1);
      noGrad(() => row.copy_(0));
      row.dispose();
    }
  }

  forward(indices: Tensor): Tensor {
    if (indices.dtype !== 'int32') {
      throw new LayerInputError(this, this.toString(), `indices must be int32, got ${indices.dtype}`);
    }
    return embedding(indices, this.weight, { paddingIdx: this.paddingIdx });
  }

  override toString(): string {
    return `Embedding ${this.numEmbeddings}x${this.embeddingDim}`;
  }
}

