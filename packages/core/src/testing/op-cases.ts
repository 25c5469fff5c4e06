import type { Kwargs } from './golden-manifest.js';
import { goldenOp, type GoldenOp } from './golden-ops.js';
import type { InputSpec } from './random-inputs.js';

/** An op on random inputs: a `GOLDEN_OPS` key, its PyTorch kwargs and how to draw each input. */
export interface OpCase {
  readonly name: string;
  /** Key of `GOLDEN_OPS` (a PyTorch name). */
  readonly op: string;
  readonly kwargs?: Kwargs;
  readonly inputs: readonly InputSpec[];
  /** An implementation outside `GOLDEN_OPS` (to test the kit itself); `op` is then only a label. */
  readonly impl?: GoldenOp;
}

/** The implementation a case runs: its own `impl`, else the `GOLDEN_OPS` entry for `op`. */
export const opOfCase = (c: OpCase): GoldenOp => c.impl ?? goldenOp(c.op);

const f = (name: string, shape: number[], kind?: InputSpec['kind']): InputSpec => ({ name, shape, kind });
const idx = (name: string, shape: number[], high: number): InputSpec => ({ name, shape, kind: 'index', high });

/**
 * One or more cases for every differentiable op core exports, small enough for float64 finite
 * differences. The conformance suite runs them against the CPU backend; gradcheck runs them in float64.
 */
export const OP_CASES: readonly OpCase[] = [
  { name: 'add', op: 'torch.add', inputs: [f('a', [3, 1, 4]), f('b', [2, 4])] },
  { name: 'sub', op: 'torch.sub', inputs: [f('a', [2, 3]), f('b', [3])] },
  { name: 'mul', op: 'torch.mul', inputs: [f('a', [2, 3]), f('b', [2, 1])] },
  { name: 'div', op: 'torch.div', inputs: [f('a', [2, 3]), f('b', [2, 3], 'nonzero')] },
  { name: 'maximum', op: 'torch.maximum', inputs: [f('a', [3, 4], 'distinct'), f('b', [4], 'distinctOdd')] },
  { name: 'minimum', op: 'torch.minimum', inputs: [f('a', [3, 4], 'distinct'), f('b', [4], 'distinctOdd')] },
  { name: 'pow', op: 'torch.pow', kwargs: { exponent: 3 }, inputs: [f('a', [2, 3])] },
  { name: 'pow_fractional', op: 'torch.pow', kwargs: { exponent: 2.5 }, inputs: [f('a', [2, 3], 'positive')] },
  { name: 'neg', op: 'torch.neg', inputs: [f('a', [2, 3])] },
  { name: 'abs', op: 'torch.abs', inputs: [f('a', [2, 5], 'nonzero')] },
  { name: 'exp', op: 'torch.exp', inputs: [f('a', [2, 3])] },
  { name: 'log', op: 'torch.log', inputs: [f('a', [2, 3], 'positive')] },
  { name: 'sqrt', op: 'torch.sqrt', inputs: [f('a', [2, 3], 'positive')] },
  { name: 'sin', op: 'torch.sin', inputs: [f('a', [2, 3])] },
  { name: 'cos', op: 'torch.cos', inputs: [f('a', [2, 3])] },
  // 'distinct' values sit 0.03 off the 0.1 grid: never an integer or a .5 tie, where these jump.
  { name: 'floor', op: 'torch.floor', inputs: [f('a', [3, 4], 'distinct')] },
  { name: 'ceil', op: 'torch.ceil', inputs: [f('a', [3, 4], 'distinct')] },
  { name: 'round', op: 'torch.round', inputs: [f('a', [3, 4], 'distinct')] },
  { name: 'tanh', op: 'torch.tanh', inputs: [f('a', [2, 3])] },
  { name: 'sigmoid', op: 'torch.sigmoid', inputs: [f('a', [2, 3])] },
  { name: 'relu', op: 'torch.relu', inputs: [f('a', [3, 4], 'nonzero')] },
  { name: 'gelu', op: 'torch.nn.functional.gelu', inputs: [f('a', [2, 5])] },
  { name: 'clamp', op: 'torch.clamp', kwargs: { min: -0.5, max: 0.5 }, inputs: [f('a', [3, 5], 'distinct')] },
  { name: 'where', op: 'torch.where', inputs: [{ name: 'c', shape: [3, 4], kind: 'bool' }, f('a', [3, 4]), f('b', [1, 4])] },
  { name: 'sum_dim_keepdim', op: 'torch.sum', kwargs: { dim: 1, keepdim: true }, inputs: [f('a', [2, 3, 4])] },
  { name: 'sum_all', op: 'torch.sum', inputs: [f('a', [2, 3])] },
  { name: 'mean_dims', op: 'torch.mean', kwargs: { dim: [0, 2] }, inputs: [f('a', [2, 3, 4])] },
  { name: 'amax', op: 'torch.amax', kwargs: { dim: -1 }, inputs: [f('a', [3, 4], 'distinct')] },
  { name: 'logsumexp', op: 'torch.logsumexp', kwargs: { dim: 1 }, inputs: [f('a', [3, 4])] },
  { name: 'variance', op: 'torch.var', kwargs: { dim: 0, unbiased: true }, inputs: [f('a', [5, 3])] },
  { name: 'softmax', op: 'torch.softmax', kwargs: { dim: -1 }, inputs: [f('a', [3, 4])] },
  { name: 'log_softmax', op: 'torch.log_softmax', kwargs: { dim: 1 }, inputs: [f('a', [2, 4, 2])] },
  { name: 'matmul_2d', op: 'torch.matmul', inputs: [f('a', [3, 4]), f('b', [4, 2])] },
  { name: 'matmul_batched_broadcast', op: 'torch.matmul', inputs: [f('a', [2, 1, 3, 4]), f('b', [3, 4, 2])] },
  { name: 'matmul_vector', op: 'torch.matmul', inputs: [f('a', [4]), f('b', [2, 4, 3])] },
  { name: 'linear', op: 'torch.nn.functional.linear', inputs: [f('x', [3, 4]), f('w', [2, 4]), f('b', [2])] },
  { name: 'bmm', op: 'torch.bmm', inputs: [f('a', [2, 3, 4]), f('b', [2, 4, 2])] },
  { name: 'conv2d', op: 'torch.nn.functional.conv2d', inputs: [f('x', [1, 2, 5, 5]), f('w', [3, 2, 3, 3]), f('b', [3])] },
  { name: 'conv2d_stride2_pad1', op: 'torch.nn.functional.conv2d', kwargs: { stride: 2, padding: 1 }, inputs: [f('x', [2, 1, 5, 4]), f('w', [2, 1, 3, 2])] },
  { name: 'conv2d_dilation2', op: 'torch.nn.functional.conv2d', kwargs: { dilation: 2, padding: [1, 0] }, inputs: [f('x', [1, 2, 6, 6]), f('w', [2, 2, 2, 3]), f('b', [2])] },
  { name: 'conv2d_groups2', op: 'torch.nn.functional.conv2d', kwargs: { groups: 2, stride: [1, 2] }, inputs: [f('x', [1, 4, 4, 5]), f('w', [4, 2, 2, 2]), f('b', [4])] },
  { name: 'max_pool2d', op: 'torch.nn.functional.max_pool2d', kwargs: { kernel_size: 3, stride: 2, padding: 1 }, inputs: [f('x', [2, 2, 5, 5], 'distinct')] },
  { name: 'avg_pool2d', op: 'torch.nn.functional.avg_pool2d', kwargs: { kernel_size: 2, stride: 1 }, inputs: [f('x', [1, 2, 4, 5])] },
  { name: 'adaptive_avg_pool2d', op: 'torch.nn.functional.adaptive_avg_pool2d', kwargs: { output_size: [2, 3] }, inputs: [f('x', [1, 2, 5, 7])] },
  { name: 'batch_norm_train', op: 'torch.nn.functional.batch_norm', kwargs: { training: true, momentum: 0.1, eps: 1e-5 }, inputs: [f('x', [4, 3, 2, 2]), f('w', [3]), f('b', [3])] },
  {
    name: 'batch_norm_eval',
    op: 'torch.nn.functional.batch_norm',
    kwargs: { training: false, eps: 1e-5 },
    inputs: [f('x', [2, 3, 2]), { name: 'm', shape: [3], grad: false }, { name: 'v', shape: [3], kind: 'positive', grad: false }, f('w', [3]), f('b', [3])],
  },
  { name: 'layer_norm', op: 'torch.nn.functional.layer_norm', kwargs: { normalized_shape: [2, 3], eps: 1e-5 }, inputs: [f('x', [2, 2, 3]), f('w', [2, 3]), f('b', [2, 3])] },
  { name: 'cross_entropy', op: 'torch.nn.functional.cross_entropy', inputs: [f('logits', [4, 5]), idx('target', [4], 5)] },
  {
    name: 'cross_entropy_smooth_ignore',
    op: 'torch.nn.functional.cross_entropy',
    kwargs: { label_smoothing: 0.1, ignore_index: 1 },
    inputs: [f('logits', [6, 3]), idx('target', [6], 3)],
  },
  { name: 'nll_loss', op: 'torch.nn.functional.nll_loss', kwargs: { reduction: 'sum' }, inputs: [f('logp', [4, 5]), idx('target', [4], 5)] },
  { name: 'mse_loss', op: 'torch.nn.functional.mse_loss', inputs: [f('a', [3, 2]), f('b', [3, 2])] },
  { name: 'bce_with_logits', op: 'torch.nn.functional.binary_cross_entropy_with_logits', inputs: [f('a', [3, 2]), f('y', [3, 2], 'unit')] },
  { name: 'gather', op: 'torch.gather', kwargs: { dim: 1 }, inputs: [f('a', [3, 4]), idx('idx', [3, 2], 4)] },
  { name: 'index_select', op: 'torch.index_select', kwargs: { dim: 1 }, inputs: [f('a', [2, 4]), idx('idx', [5], 4)] },
  { name: 'embedding', op: 'torch.nn.functional.embedding', inputs: [idx('idx', [2, 3], 4), f('w', [4, 3])] },
  { name: 'cat', op: 'torch.cat', kwargs: { dim: 1 }, inputs: [f('a', [2, 1, 3]), f('b', [2, 2, 3]), f('c', [2, 1, 3])] },
  { name: 'stack', op: 'torch.stack', kwargs: { dim: 1 }, inputs: [f('a', [2, 3]), f('b', [2, 3])] },
  { name: 'permute', op: 'torch.permute', kwargs: { dims: [2, 0, 1] }, inputs: [f('a', [2, 3, 4])] },
  { name: 'transpose', op: 'torch.transpose', kwargs: { dim0: 0, dim1: 2 }, inputs: [f('a', [2, 3, 4])] },
  { name: 'reshape', op: 'torch.reshape', kwargs: { shape: [4, -1] }, inputs: [f('a', [2, 3, 2])] },
  { name: 'narrow', op: 'torch.narrow', kwargs: { dim: 1, start: 1, length: 2 }, inputs: [f('a', [2, 4])] },
  { name: 'slice_step', op: 'tensor[:, 1::2]', kwargs: { dim: 1, start: 1, step: 2 }, inputs: [f('a', [2, 5])] },
  { name: 'expand', op: 'torch.Tensor.expand', kwargs: { size: [3, 2, 4] }, inputs: [f('a', [2, 1])] },
  { name: 'flatten', op: 'torch.flatten', kwargs: { start_dim: 1 }, inputs: [f('a', [2, 3, 2, 2])] },
  { name: 'channel_shuffle', op: 'torch.nn.ChannelShuffle', kwargs: { groups: 3 }, inputs: [f('x', [1, 6, 2, 2])] },
];
