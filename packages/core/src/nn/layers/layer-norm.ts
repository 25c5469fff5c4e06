import type { Tensor } from '../../tensor/tensor.js';
import { fmtShape } from '../../tensor/errors.js';
import { ones, zeros } from '../../ops/creation.js';
import { layerNorm } from '../../ops/norm.js';
import { Module } from '../module.js';
import { parameter } from '../parameter.js';
import { LayerInputError } from '../layer-input-error.js';

/** Normalises over the trailing `normalizedShape` dimensions (`nn.LayerNorm`). */
export class LayerNorm extends Module {
  readonly weight: Tensor | null;
  readonly bias: Tensor | null;
  readonly normalizedShape: number[];

  constructor(normalizedShape: number | number[], readonly opts: { eps?: number; elementwiseAffine?: boolean; bias?: boolean } = {}) {
    super();
    this.normalizedShape = typeof normalizedShape === 'number' ? [normalizedShape] : [...normalizedShape];
    const affine = opts.elementwiseAffine ?? true;
    this.weight = affine ? parameter(ones(this.normalizedShape)) : null;
    this.bias = affine && (opts.bias ?? true) ? parameter(zeros(this.normalizedShape)) : null;
  }

  forward(x: Tensor): Tensor {
    const tail = x.shape.slice(x.ndim - this.normalizedShape.length);
    if (tail.length !== this.normalizedShape.length || tail.some((d, i) => d !== this.normalizedShape[i])) {
      throw new LayerInputError(this, this.toString(), `input ${fmtShape(x.shape)} does not end in normalized_shape ${fmtShape(this.normalizedShape)}`);
    }
    return layerNorm(x, this.normalizedShape, this.weight ?? undefined, this.bias ?? undefined, this.opts.eps ?? 1e-5);
  }

  override toString(): string {
    return `LayerNorm ${fmtShape(this.normalizedShape)}`;
  }
}
