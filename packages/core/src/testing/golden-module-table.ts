import type { Tensor } from '../tensor/tensor.js';
import type { ModuleTree } from '../nn/module-tree.js';
import { MultiheadAttention } from '../nn/layers/multihead-attention.js';
import { TransformerEncoderLayer, type TransformerLayerOptions } from '../nn/layers/transformer-encoder-layer.js';
import { TransformerDecoderLayer } from '../nn/layers/transformer-decoder-layer.js';
import { LSTM } from '../nn/layers/lstm.js';
import { GRU } from '../nn/layers/gru.js';
import type { Kwargs } from './golden-manifest.js';
import { bool, num } from './kwargs.js';

/** A forward argument: a tensor input, or a literal from the manifest (`need_weights: false`). */
export type ForwardArg = Tensor | readonly Tensor[] | number | boolean | null;

/** How a manifest `module` class is built from PyTorch's constructor kwargs and called with its forward kwargs. */
export interface GoldenModule {
  build(kwargs: Kwargs): ModuleTree;
  /** Calls the module with PyTorch's forward argument names; returns the outputs in the fixture's order. */
  run(module: ModuleTree, args: Readonly<Record<string, ForwardArg>>): Tensor[];
}

const tensorArg = (args: Readonly<Record<string, ForwardArg>>, key: string): Tensor | undefined => {
  const v = args[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'number' || typeof v === 'boolean' || Array.isArray(v)) throw new TypeError(`forward argument '${key}' must be a tensor, got ${String(v)}`);
  return v as Tensor;
};

const flag = (args: Readonly<Record<string, ForwardArg>>, key: string, fallback: boolean): boolean => {
  const v = args[key];
  if (v === undefined || v === null) return fallback;
  if (typeof v !== 'boolean') throw new TypeError(`forward argument '${key}' must be a boolean`);
  return v;
};

function layerOptions(kw: Kwargs): TransformerLayerOptions {
  const activation = kw.activation ?? 'relu';
  if (activation !== 'relu' && activation !== 'gelu') throw new TypeError(`kwarg 'activation' must be 'relu' or 'gelu', got ${JSON.stringify(activation)}`);
  return {
    dimFeedforward: num(kw, 'dim_feedforward', 2048),
    dropout: num(kw, 'dropout', 0.1),
    activation,
    layerNormEps: num(kw, 'layer_norm_eps', 1e-5),
    batchFirst: bool(kw, 'batch_first', false),
    normFirst: bool(kw, 'norm_first', false),
    bias: bool(kw, 'bias', true),
  };
}

const rnnOptions = (kw: Kwargs): { numLayers: number; bias: boolean; batchFirst: boolean; dropout: number } => {
  if (bool(kw, 'bidirectional', false)) throw new TypeError('bidirectional RNNs are not supported');
  return { numLayers: num(kw, 'num_layers', 1), bias: bool(kw, 'bias', true), batchFirst: bool(kw, 'batch_first', false), dropout: num(kw, 'dropout', 0) };
};

/** The `modules` cases' PyTorch classes mapped to Flint layers. */
export const GOLDEN_MODULES: Readonly<Record<string, GoldenModule>> = {
  'torch.nn.MultiheadAttention': {
    build: (kw) => new MultiheadAttention(num(kw, 'embed_dim'), num(kw, 'num_heads'), { dropout: num(kw, 'dropout', 0), bias: bool(kw, 'bias', true), batchFirst: bool(kw, 'batch_first', false) }),
    run: (m, a) => {
      const query = tensorArg(a, 'query') as Tensor;
      const needWeights = flag(a, 'need_weights', true);
      const [out, weights] = (m as MultiheadAttention).call(query, tensorArg(a, 'key') ?? query, tensorArg(a, 'value') ?? tensorArg(a, 'key') ?? query, {
        attnMask: tensorArg(a, 'attn_mask'),
        keyPaddingMask: tensorArg(a, 'key_padding_mask'),
        needWeights,
        averageAttnWeights: flag(a, 'average_attn_weights', true),
      });
      return needWeights && weights ? [out, weights] : [out];
    },
  },
  'torch.nn.TransformerEncoderLayer': {
    build: (kw) => new TransformerEncoderLayer(num(kw, 'd_model'), num(kw, 'nhead'), layerOptions(kw)),
    run: (m, a) => [(m as TransformerEncoderLayer).call(tensorArg(a, 'src') as Tensor, { srcMask: tensorArg(a, 'src_mask'), srcKeyPaddingMask: tensorArg(a, 'src_key_padding_mask') })],
  },
  'torch.nn.TransformerDecoderLayer': {
    build: (kw) => new TransformerDecoderLayer(num(kw, 'd_model'), num(kw, 'nhead'), layerOptions(kw)),
    run: (m, a) => [
      (m as TransformerDecoderLayer).call(tensorArg(a, 'tgt') as Tensor, tensorArg(a, 'memory') as Tensor, {
        tgtMask: tensorArg(a, 'tgt_mask'),
        memoryMask: tensorArg(a, 'memory_mask'),
        tgtKeyPaddingMask: tensorArg(a, 'tgt_key_padding_mask'),
        memoryKeyPaddingMask: tensorArg(a, 'memory_key_padding_mask'),
      }),
    ],
  },
  'torch.nn.LSTM': {
    build: (kw) => new LSTM(num(kw, 'input_size'), num(kw, 'hidden_size'), rnnOptions(kw)),
    run: (m, a) => {
      const hx = a.hx;
      const state = Array.isArray(hx) ? (hx as [Tensor, Tensor]) : undefined;
      const [out, [h, c]] = (m as LSTM).call(tensorArg(a, 'input') as Tensor, state);
      return [out, h, c];
    },
  },
  'torch.nn.GRU': {
    build: (kw) => new GRU(num(kw, 'input_size'), num(kw, 'hidden_size'), rnnOptions(kw)),
    run: (m, a) => {
      const [out, h] = (m as GRU).call(tensorArg(a, 'input') as Tensor, tensorArg(a, 'hx'));
      return [out, h];
    },
  },
};
