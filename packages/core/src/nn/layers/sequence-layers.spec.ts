import { describe, expect, it } from 'vitest';
import { full, ones, zeros } from '../../ops/creation.js';
import { manualSeed } from '../../random/generator.js';
import { rand } from '../../random/random-ops.js';
import { ShapeError } from '../../tensor/errors.js';
import type { Tensor } from '../../tensor/tensor.js';
import { Module } from '../module.js';
import { ModuleList } from '../containers.js';
import { LayerInputError } from '../layer-input-error.js';
import { tieParameter } from '../tied-parameters.js';
import { Linear } from './linear.js';
import { Embedding } from './embedding.js';
import { MultiheadAttention } from './multihead-attention.js';
import { TransformerEncoderLayer } from './transformer-encoder-layer.js';
import { TransformerEncoder } from './transformer-encoder.js';
import { LSTM } from './lstm.js';
import { GRU } from './gru.js';
import { Conv1d } from './conv1d.js';
import { ConvTranspose2d } from './conv-transpose2d.js';
import { GroupNorm } from './group-norm.js';
import { Upsample } from './upsample.js';

// PyTorch equivalence of these layers is proven by tests/golden-seq.spec.ts; these pin the
// parameter layouts, default initialisations, tied weights and the errors of bad inputs.

const maxAbs = async (t: Tensor): Promise<number> => Math.max(...Array.from(await t.data(), Math.abs));

describe('parameter layouts and default initialisation', () => {
  it('MultiheadAttention: xavier-uniform in_proj_weight [3E,E], zero biases, PyTorch keys', async () => {
    manualSeed(0);
    const m = new MultiheadAttention(16, 4);
    expect(Object.keys(m.stateDict())).toEqual(['in_proj_weight', 'in_proj_bias', 'out_proj.weight', 'out_proj.bias']);
    expect(m.in_proj_weight.shape).toEqual([48, 16]);
    expect(await maxAbs(m.in_proj_weight)).toBeLessThanOrEqual(Math.sqrt(6 / (16 + 48)));
    expect(await maxAbs(m.in_proj_weight)).toBeGreaterThan(0.5 * Math.sqrt(6 / (16 + 48)));
    expect(await maxAbs(m.in_proj_bias!)).toBe(0);
    expect(await maxAbs(m.out_proj.bias!)).toBe(0);
  });

  it('LSTM and GRU: weight_ih_l{k} / weight_hh_l{k} with 4H / 3H rows, uniform in ±1/sqrt(H)', async () => {
    manualSeed(1);
    const lstm = new LSTM(3, 5, { numLayers: 2 });
    expect(Object.entries(lstm.stateDict()).map(([k, t]) => `${k}:${t.shape.join('x')}`)).toEqual([
      'weight_ih_l0:20x3', 'weight_hh_l0:20x5', 'bias_ih_l0:20', 'bias_hh_l0:20',
      'weight_ih_l1:20x5', 'weight_hh_l1:20x5', 'bias_ih_l1:20', 'bias_hh_l1:20',
    ]);
    for (const p of lstm.parameters()) expect(await maxAbs(p)).toBeLessThanOrEqual(1 / Math.sqrt(5));
    expect(Object.keys(new GRU(3, 5, { bias: false }).stateDict())).toEqual(['weight_ih_l0', 'weight_hh_l0']);
    expect(new GRU(3, 5).stateDict().weight_ih_l0.shape).toEqual([15, 3]);
  });

  it('Conv1d, ConvTranspose2d, GroupNorm and Embedding(paddingIdx) have PyTorch shapes and starts', async () => {
    expect(new Conv1d(4, 6, 3, { groups: 2 }).weight.shape).toEqual([6, 2, 3]);
    const ct = new ConvTranspose2d(4, 6, 3, { groups: 2 });
    expect(ct.weight.shape).toEqual([4, 3, 3, 3]);
    expect(await maxAbs(ct.weight)).toBeLessThanOrEqual(1 / Math.sqrt(3 * 9));
    const gn = new GroupNorm(2, 4);
    expect([await gn.weight!.toArray(), await gn.bias!.toArray()]).toEqual([[1, 1, 1, 1], [0, 0, 0, 0]]);
    const emb = new Embedding(5, 3, { paddingIdx: 2 });
    expect(await maxAbs(emb.weight.narrow(0, 2, 1))).toBe(0);
    expect(await new Upsample({ scaleFactor: 2 }).call(ones([1, 1, 2, 2])).shape).toEqual([1, 1, 4, 4]);
  });

  it('TransformerEncoder starts every layer from copies of the given layer (as deepcopy)', async () => {
    const layer = new TransformerEncoderLayer(8, 2, { dimFeedforward: 16, dropout: 0 });
    const enc = new TransformerEncoder(layer, 2);
    const sd = enc.stateDict();
    expect(Object.keys(sd)).toHaveLength(24);
    expect(await sd['layers.1.linear1.weight'].toArray()).toEqual(await layer.linear1.weight.toArray());
    expect(sd['layers.0.linear1.weight']).not.toBe(sd['layers.1.linear1.weight']);
  });
});

class TinyLm extends Module {
  readonly wte = new Embedding(7, 4);
  readonly head = new Linear(4, 7, { bias: false });
  constructor() {
    super();
    tieParameter(this.head, 'weight', this.wte.weight);
  }
  forward(idx: Tensor): Tensor {
    return this.head.call(this.wte.call(idx));
  }
}

describe('tied weights', () => {
  it('one parameter: listed once, saved under both keys, loaded from either', async () => {
    const m = new TinyLm();
    expect(m.parameters()).toHaveLength(1);
    expect([...m.namedParameters()].map(([k]) => k)).toEqual(['wte.weight']);
    const sd = m.stateDict();
    expect(Object.keys(sd)).toEqual(['wte.weight', 'head.weight']);
    expect(sd['head.weight']).toBe(sd['wte.weight']);
    expect(m.loadStateDict({ 'head.weight': full([7, 4], 2) })).toEqual({ missingKeys: [], unexpectedKeys: [] });
    expect(await maxAbs(m.wte.weight)).toBe(2);
    m.loadStateDict({ 'wte.weight': full([7, 4], 3) });
    expect(await maxAbs(m.head.weight)).toBe(3);
    expect(() => m.loadStateDict({})).toThrow(/wte\.weight/);
  });

  it('gets the gradient of both uses', async () => {
    const m = new TinyLm();
    m.call(zeros([2], { dtype: 'int32' })).sum().backward();
    const g = await m.wte.weight.grad!.toArray() as number[][];
    // Row 0 gets the head's gradient (sum of the two embeddings) plus the embedding's (sum of head rows).
    expect(g[0].some((v) => v !== 0)).toBe(true);
    expect(g[1].some((v) => v !== 0)).toBe(true);
  });
});

class Encoder extends Module<[Tensor, Tensor?]> {
  readonly blocks = new ModuleList([new MultiheadAttention(8, 2, { batchFirst: true })]);
  readonly rnn = new LSTM(8, 4, { batchFirst: true });
  forward(x: Tensor, mask?: Tensor): Tensor {
    const [y] = this.blocks.at(0).call(x, x, x, { attnMask: mask, needWeights: false });
    return this.rnn.call(y)[0];
  }
}

describe('bad inputs: typed errors naming the layer path, the argument and both shapes', () => {
  it('an attention mask that does not fit the scores', () => {
    const x = rand([2, 5, 8]);
    const err = (() => {
      try {
        new Encoder().call(x, ones([4, 5], { dtype: 'bool' }));
      } catch (e) {
        return e as LayerInputError;
      }
      return null;
    })();
    expect(err).toBeInstanceOf(LayerInputError);
    expect(err!.message).toBe('blocks.0 (MultiheadAttention 8, 2 heads): attn_mask: attn_mask [4,5] does not fit 5 queries and 5 keys: expected [5,5] or [4,5,5]');
  });

  it('a key padding mask of the wrong batch', () => {
    const m = new MultiheadAttention(8, 2, { batchFirst: true });
    expect(() => m.call(rand([2, 5, 8]), undefined, undefined, { keyPaddingMask: zeros([3, 5], { dtype: 'bool' }) })).toThrow(
      /key_padding_mask \[3,5\] does not fit batch 2 and 5 keys: expected \[2,5\]/,
    );
  });

  it('head counts that do not divide the embedding, and queries of the wrong width', () => {
    expect(() => new MultiheadAttention(10, 3)).toThrow(new ShapeError('MultiheadAttention: embed_dim 10 must be divisible by num_heads 3'));
    expect(() => new TransformerEncoderLayer(10, 4)).toThrow(ShapeError);
    expect(() => new MultiheadAttention(8, 2).call(rand([5, 2, 6]))).toThrow(/query: query \[5,2,6\] has embedding size 6, expected embed_dim 8/);
  });

  it('an LSTM input of the wrong rank or width, and an h0 of the wrong shape', () => {
    const enc = new Encoder();
    enc.rnn.train();
    expect(() => enc.rnn.call(rand([2, 3, 5, 8]))).toThrow(
      new LayerInputError(enc.rnn, 'LSTM 8→4', 'input: input [2,3,5,8] must be 3-D [batch, seq, feature] or 2-D [seq, feature], got 4-D'),
    );
    expect(() => new GRU(3, 4).call(rand([5, 2, 2]))).toThrow(/GRU 3→4: input: input \[5,2,2\] has 2 features, expected input_size 3/);
    expect(() => new GRU(3, 4).call(rand([5, 2, 3]), zeros([1, 3, 4]))).toThrow(/h0: h0 \[1,3,4\] does not match the expected \[1,2,4\] for input \[5,2,3\]/);
  });

  it('LSTM and GRU take unbatched [T, F] inputs', () => {
    const [out, [h, c]] = new LSTM(3, 4, { numLayers: 2 }).call(rand([5, 3]));
    expect([out.shape, h.shape, c.shape]).toEqual([[5, 4], [2, 4], [2, 4]]);
    const [o2, h2] = new GRU(3, 4).call(rand([5, 3]), zeros([1, 4]));
    expect([o2.shape, h2.shape]).toEqual([[5, 4], [1, 4]]);
  });
});
