import type { Tensor } from '../../tensor/tensor.js';
import { add, mul } from '../../ops/binary.js';
import { chunk, stack } from '../../ops/join.js';
import { linear } from '../../ops/matmul.js';
import { sigmoid, tanh } from '../../ops/unary.js';
import { select } from './rnn-select.js';
import { RnnBase, type RnnOptions } from './rnn-base.js';

/**
 * `nn.LSTM` (unidirectional): gates in PyTorch's order i, f, g, o (`weight_ih_l0` rows
 * [0,H) are the input gate), `c' = σ(f) c + σ(i) tanh(g)`, `h' = σ(o) tanh(c')`.
 * `call(input, [h0, c0]?)` returns `[output, [hN, cN]]`; states are [layers, B, H].
 */
export class LSTM extends RnnBase<[Tensor, Tensor]> {
  constructor(inputSize: number, hiddenSize: number, opts: RnnOptions = {}) {
    super('LSTM', inputSize, hiddenSize, 4, opts);
  }

  forward(input: Tensor, state?: [Tensor, Tensor]): [Tensor, [Tensor, Tensor]] {
    const { x, unbatched } = this.batchMajor(input);
    const [b, t] = [x.shape[0], x.shape[1]];
    const h0 = this.initialState('h0', state?.[0], b, unbatched, input);
    const c0 = this.initialState('c0', state?.[1], b, unbatched, input);
    let layerInput = x;
    const [hs, cs]: Tensor[][] = [[], []];
    let outputs: Tensor[] = [];
    for (let k = 0; k < this.numLayers; k++) {
      const w = this.weights(k);
      const xi = this.projectInputs(layerInput, w);
      let h = select(h0, 0, k);
      let c = select(c0, 0, k);
      outputs = [];
      for (let s = 0; s < t; s++) {
        const [i, f, g, o] = chunk(add(select(xi, 1, s), linear(h, w.wHh, w.bHh)), 4, -1);
        c = add(mul(sigmoid(f), c), mul(sigmoid(i), tanh(g)));
        h = mul(sigmoid(o), tanh(c));
        outputs.push(h);
      }
      hs.push(h);
      cs.push(c);
      if (k < this.numLayers - 1) layerInput = this.betweenLayers(stack(outputs, 1), k);
    }
    return [this.finishOutput(outputs, unbatched), [this.finishState(hs, unbatched), this.finishState(cs, unbatched)]];
  }
}
