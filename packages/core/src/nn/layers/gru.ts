import type { Tensor } from '../../tensor/tensor.js';
import { add, mul, sub } from '../../ops/binary.js';
import { chunk, stack } from '../../ops/join.js';
import { linear } from '../../ops/matmul.js';
import { sigmoid, tanh } from '../../ops/unary.js';
import { select } from './rnn-select.js';
import { RnnBase, type RnnOptions } from './rnn-base.js';

/**
 * `nn.GRU` (unidirectional): gates in PyTorch's order r, z, n,
 * `n = tanh(W_in x + b_in + r (W_hn h + b_hn))`, `h' = (1 - z) n + z h`.
 * `call(input, h0?)` returns `[output, hN]`; states are [layers, B, H].
 */
export class GRU extends RnnBase<Tensor> {
  constructor(inputSize: number, hiddenSize: number, opts: RnnOptions = {}) {
    super('GRU', inputSize, hiddenSize, 3, opts);
  }

  forward(input: Tensor, h0?: Tensor): [Tensor, Tensor] {
    const { x, unbatched } = this.batchMajor(input);
    const [b, t] = [x.shape[0], x.shape[1]];
    const hInit = this.initialState('h0', h0, b, unbatched, input);
    let layerInput = x;
    const last: Tensor[] = [];
    let outputs: Tensor[] = [];
    for (let k = 0; k < this.numLayers; k++) {
      const w = this.weights(k);
      const [xr, xz, xn] = chunk(this.projectInputs(layerInput, w), 3, -1);
      let h = select(hInit, 0, k);
      outputs = [];
      for (let s = 0; s < t; s++) {
        const [hr, hz, hn] = chunk(linear(h, w.wHh, w.bHh), 3, -1);
        const r = sigmoid(add(select(xr, 1, s), hr));
        const z = sigmoid(add(select(xz, 1, s), hz));
        const n = tanh(add(select(xn, 1, s), mul(r, hn)));
        h = add(n, mul(z, sub(h, n)));
        outputs.push(h);
      }
      last.push(h);
      if (k < this.numLayers - 1) layerInput = this.betweenLayers(stack(outputs, 1), k);
    }
    return [this.finishOutput(outputs, unbatched), this.finishState(last, unbatched)];
  }
}
