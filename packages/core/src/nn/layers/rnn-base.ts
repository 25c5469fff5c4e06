import { fmtShape } from '../../tensor/errors.js';
import type { Tensor } from '../../tensor/tensor.js';
import { linear } from '../../ops/matmul.js';
import { stack } from '../../ops/join.js';
import { zeros } from '../../ops/creation.js';
import { reshape, transpose, unsqueeze } from '../../ops/view.js';
import { Module } from '../module.js';
import { parameter } from '../parameter.js';
import { uniform_ } from '../init.js';
import { LayerInputError } from '../layer-input-error.js';
import { Dropout } from './dropout.js';
import { empty } from './empty.js';

export interface RnnOptions {
  /** Stacked layers; default 1. */
  numLayers?: number;
  /** `bias_ih_l*` and `bias_hh_l*`; default true. */
  bias?: boolean;
  /** Input and output are [B, T, F] instead of [T, B, F]; default false (as PyTorch). */
  batchFirst?: boolean;
  /** Dropout on the outputs of every layer but the last, in training; default 0. */
  dropout?: number;
}

/** One layer's weights: `weight_ih` [G*H, in], `weight_hh` [G*H, H] and the two biases. */
export interface RnnLayerWeights {
  wIh: Tensor;
  wHh: Tensor;
  bIh: Tensor | null;
  bHh: Tensor | null;
}

/**
 * What LSTM and GRU share (PyTorch's `RNNBase`): parameters `weight_ih_l{k}`, `weight_hh_l{k}`,
 * `bias_ih_l{k}`, `bias_hh_l{k}` with `gates` blocks of H rows each, all uniform in
 * ±1/sqrt(H); input layout and rank checks; the layer loop. Subclasses give the cell.
 */
export abstract class RnnBase<State> extends Module<[Tensor, State?], [Tensor, State]> {
  readonly numLayers: number;
  readonly batchFirst: boolean;
  readonly interLayerDropout: Dropout;

  constructor(readonly kind: 'LSTM' | 'GRU', readonly inputSize: number, readonly hiddenSize: number, gates: number, opts: RnnOptions) {
    super();
    this.numLayers = opts.numLayers ?? 1;
    this.batchFirst = opts.batchFirst ?? false;
    if (!Number.isInteger(this.numLayers) || this.numLayers < 1) throw new RangeError(`${this.kind}: numLayers must be a positive integer, got ${this.numLayers}`);
    const bound = 1 / Math.sqrt(hiddenSize);
    const own = this as unknown as Record<string, Tensor>;
    for (let k = 0; k < this.numLayers; k++) {
      const make = (shape: number[]): Tensor => parameter(uniform_(empty(shape), -bound, bound));
      own[`weight_ih_l${k}`] = make([gates * hiddenSize, k === 0 ? inputSize : hiddenSize]);
      own[`weight_hh_l${k}`] = make([gates * hiddenSize, hiddenSize]);
      if (opts.bias ?? true) {
        own[`bias_ih_l${k}`] = make([gates * hiddenSize]);
        own[`bias_hh_l${k}`] = make([gates * hiddenSize]);
      }
    }
    this.interLayerDropout = new Dropout(opts.dropout ?? 0);
  }

  /** Layer `k`'s weights. */
  protected weights(k: number): RnnLayerWeights {
    const own = this as unknown as Record<string, Tensor | undefined>;
    return { wIh: own[`weight_ih_l${k}`] as Tensor, wHh: own[`weight_hh_l${k}`] as Tensor, bIh: own[`bias_ih_l${k}`] ?? null, bHh: own[`bias_hh_l${k}`] ?? null };
  }

  /** Throws a LayerInputError naming `argument` and both shapes. */
  protected fail(argument: string, detail: string): never {
    throw new LayerInputError(this, this.toString(), `${argument}: ${detail}`);
  }

  /** The input as [B, T, F] (batched or not), checked against the layer's sizes. */
  protected batchMajor(input: Tensor): { x: Tensor; unbatched: boolean } {
    const layout = this.batchFirst ? '[batch, seq, feature]' : '[seq, batch, feature]';
    if (input.ndim !== 3 && input.ndim !== 2) {
      this.fail('input', `input ${fmtShape(input.shape)} must be 3-D ${layout} or 2-D [seq, feature], got ${input.ndim}-D`);
    }
    if (input.shape[input.ndim - 1] !== this.inputSize) {
      this.fail('input', `input ${fmtShape(input.shape)} has ${input.shape[input.ndim - 1]} features, expected input_size ${this.inputSize}`);
    }
    if (input.ndim === 2) return { x: unsqueeze(input, 0), unbatched: true };
    return { x: this.batchFirst ? input : transpose(input, 0, 1), unbatched: false };
  }

  /** A state tensor [layers, B, H] given by the caller (or zeros), checked, as [layers, B, H]. */
  protected initialState(name: string, given: Tensor | undefined, batch: number, unbatched: boolean, like: Tensor): Tensor {
    const want = unbatched ? [this.numLayers, this.hiddenSize] : [this.numLayers, batch, this.hiddenSize];
    if (!given) return zeros([this.numLayers, batch, this.hiddenSize], { dtype: like.dtype, device: like.device });
    if (given.ndim !== want.length || given.shape.some((d, i) => d !== want[i])) {
      this.fail(name, `${name} ${fmtShape(given.shape)} does not match the expected ${fmtShape(want)} for input ${fmtShape(like.shape)}`);
    }
    return unbatched ? unsqueeze(given, 1) : given;
  }

  /** The input projection of every time step at once: [B, T, G*H]. */
  protected projectInputs(x: Tensor, w: RnnLayerWeights): Tensor {
    return linear(x, w.wIh, w.bIh);
  }

  /** Stacks per-step outputs [B, H] into [B, T, H] and lays the sequence out as the caller's input. */
  protected finishOutput(steps: Tensor[], unbatched: boolean): Tensor {
    const out = stack(steps, 1);
    if (unbatched) return reshape(out, out.shape.slice(1));
    return this.batchFirst ? out : transpose(out, 0, 1);
  }

  /** A final state [layers, B, H] (or [layers, H] unbatched) from each layer's last one. */
  protected finishState(perLayer: Tensor[], unbatched: boolean): Tensor {
    const s = stack(perLayer, 0);
    return unbatched ? reshape(s, [s.shape[0], s.shape[2]]) : s;
  }

  /** Dropout between layers (not after the last), in training. */
  protected betweenLayers(x: Tensor, k: number): Tensor {
    return k < this.numLayers - 1 ? this.interLayerDropout.call(x) : x;
  }

  override toString(): string {
    return `${this.kind} ${this.inputSize}→${this.hiddenSize}${this.numLayers > 1 ? `, ${this.numLayers} layers` : ''}`;
  }
}
