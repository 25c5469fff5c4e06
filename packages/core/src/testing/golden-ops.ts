import type { Tensor } from '../tensor/tensor.js';
import { full } from '../ops/creation.js';
import { coreOp as op, type CoreOpName } from './core-ops.js';
import type { Kwargs } from './golden-manifest.js';
import { bool, dims, ints, num, optNum, pair, reduction } from './kwargs.js';
import { GOLDEN_SEQ_OPS } from './golden-seq-ops.js';

/** The fixtures' tolerance classes (README): elementwise ops and views, and everything that sums. */
export const ELEMENTWISE_TOLERANCE = 1e-5;
export const REDUCTION_TOLERANCE = 1e-4;

/** How a manifest `op` string is called in Flint. */
export interface GoldenOp {
  /** Relative error `max|a-b| / max(1, max|b|)` allowed on outputs and gradients. */
  readonly tolerance: number;
  /** The core ops it calls, so a missing one can be named before running. */
  readonly uses: readonly CoreOpName[];
  /** Calls the op on the inputs (in the manifest's order) with PyTorch's keyword arguments. */
  run(inputs: readonly Tensor[], kwargs: Kwargs): Tensor | readonly Tensor[];
}

type Run = GoldenOp['run'];

const elementwise = (uses: CoreOpName[], run: Run): GoldenOp => ({ tolerance: ELEMENTWISE_TOLERANCE, uses, run });
const reducing = (uses: CoreOpName[], run: Run): GoldenOp => ({ tolerance: REDUCTION_TOLERANCE, uses, run });

const binary = (name: 'add' | 'sub' | 'mul' | 'div' | 'maximum' | 'minimum'): GoldenOp => elementwise([name], ([a, b]) => op(name)(a, b));
type UnaryName = 'relu' | 'sigmoid' | 'tanh' | 'exp' | 'neg' | 'abs' | 'log' | 'sqrt' | 'sin' | 'cos' | 'floor' | 'ceil' | 'round';
const unary = (name: UnaryName): GoldenOp => elementwise([name], ([a]) => op(name)(a));

function batchNormCall([x, ...rest]: readonly Tensor[], kw: Kwargs): Tensor | Tensor[] {
  const opts = { training: bool(kw, 'training', false), momentum: num(kw, 'momentum', 0.1), eps: num(kw, 'eps', 1e-5) };
  if (rest.length === 4) {
    const [m, v, w, b] = rest;
    return op('batchNorm')(x, m, v, w, b, opts);
  }
  // The fixture starts the running statistics at PyTorch's zeros/ones and checks them after the update.
  const c = x.shape[1];
  const m = full([c], 0, { dtype: x.dtype, device: x.device });
  const v = full([c], 1, { dtype: x.dtype, device: x.device });
  const [w, b] = rest;
  return [op('batchNorm')(x, m, v, w, b, opts), m, v];
}

/**
 * The manifest's `op` strings (PyTorch names) mapped to Flint calls. Golden cases, the
 * conformance suite's random cases and the gradient checks all go through this one table.
 */
export const GOLDEN_OPS: Readonly<Record<string, GoldenOp>> = {
  'torch.add': binary('add'),
  'torch.sub': binary('sub'),
  'torch.mul': binary('mul'),
  'torch.div': binary('div'),
  'torch.maximum': binary('maximum'),
  'torch.minimum': binary('minimum'),
  'torch.pow': elementwise(['pow'], ([a], kw) => op('pow')(a, num(kw, 'exponent'))),
  'torch.relu': unary('relu'),
  'torch.sigmoid': unary('sigmoid'),
  'torch.tanh': unary('tanh'),
  'torch.exp': unary('exp'),
  'torch.neg': unary('neg'),
  'torch.abs': unary('abs'),
  'torch.log': unary('log'),
  'torch.sqrt': unary('sqrt'),
  'torch.sin': unary('sin'),
  'torch.cos': unary('cos'),
  'torch.floor': unary('floor'),
  'torch.ceil': unary('ceil'),
  'torch.round': unary('round'),
  'torch.clamp': elementwise(['clamp'], ([a], kw) => op('clamp')(a, optNum(kw, 'min'), optNum(kw, 'max'))),
  'torch.where': elementwise(['where'], ([c, a, b]) => op('where')(c, a, b)),
  'torch.sum': reducing(['sum'], ([a], kw) => op('sum')(a, dims(kw, 'dim'), bool(kw, 'keepdim', false))),
  'torch.mean': reducing(['mean'], ([a], kw) => op('mean')(a, dims(kw, 'dim'), bool(kw, 'keepdim', false))),
  'torch.amax': reducing(['amax'], ([a], kw) => op('amax')(a, dims(kw, 'dim'), bool(kw, 'keepdim', false))),
  'torch.argmax': reducing(['argmax'], ([a], kw) => op('argmax')(a, optNum(kw, 'dim'), bool(kw, 'keepdim', false))),
  'torch.logsumexp': reducing(['logsumexp'], ([a], kw) => op('logsumexp')(a, dims(kw, 'dim') ?? [], bool(kw, 'keepdim', false))),
  'torch.var': reducing(['variance'], ([a], kw) =>
    op('variance')(a, dims(kw, 'dim'), bool(kw, 'keepdim', false), optNum(kw, 'correction') ?? (bool(kw, 'unbiased', true) ? 1 : 0)),
  ),
  'torch.matmul': reducing(['matmul'], ([a, b]) => op('matmul')(a, b)),
  'torch.bmm': reducing(['bmm'], ([a, b]) => op('bmm')(a, b)),
  'torch.nn.functional.linear': reducing(['linear'], ([x, w, b]) => op('linear')(x, w, b)),
  'torch.softmax': reducing(['softmax'], ([a], kw) => op('softmax')(a, num(kw, 'dim'))),
  'torch.log_softmax': reducing(['logSoftmax'], ([a], kw) => op('logSoftmax')(a, num(kw, 'dim'))),
  'torch.nn.functional.cross_entropy': reducing(['crossEntropy'], ([x, t], kw) =>
    op('crossEntropy')(x, t, {
      labelSmoothing: num(kw, 'label_smoothing', 0),
      ignoreIndex: num(kw, 'ignore_index', -100),
      reduction: reduction(kw),
    }),
  ),
  'torch.nn.functional.nll_loss': reducing(['nllLoss'], ([x, t], kw) =>
    op('nllLoss')(x, t, { ignoreIndex: num(kw, 'ignore_index', -100), reduction: reduction(kw) }),
  ),
  'torch.nn.functional.mse_loss': reducing(['mseLoss'], ([a, b], kw) => op('mseLoss')(a, b, { reduction: reduction(kw) })),
  'torch.nn.functional.binary_cross_entropy_with_logits': reducing(['bceWithLogits'], ([a, y], kw) =>
    op('bceWithLogits')(a, y, { reduction: reduction(kw) }),
  ),
  'torch.nn.functional.conv2d': reducing(['conv2d'], ([x, w, b], kw) =>
    op('conv2d')(x, w, b, {
      stride: pair(kw, 'stride', 1),
      padding: pair(kw, 'padding', 0),
      dilation: pair(kw, 'dilation', 1),
      groups: num(kw, 'groups', 1),
    }),
  ),
  'torch.nn.functional.max_pool2d': reducing(['maxPool2d'], ([x], kw) =>
    op('maxPool2d')(x, pair(kw, 'kernel_size'), { stride: pair(kw, 'stride', pair(kw, 'kernel_size')), padding: pair(kw, 'padding', 0) }),
  ),
  'torch.nn.functional.avg_pool2d': reducing(['avgPool2d'], ([x], kw) =>
    op('avgPool2d')(x, pair(kw, 'kernel_size'), {
      stride: pair(kw, 'stride', pair(kw, 'kernel_size')),
      padding: pair(kw, 'padding', 0),
      countIncludePad: bool(kw, 'count_include_pad', true),
    }),
  ),
  'torch.nn.functional.adaptive_avg_pool2d': reducing(['adaptiveAvgPool2d'], ([x], kw) => op('adaptiveAvgPool2d')(x, pair(kw, 'output_size'))),
  'torch.nn.functional.batch_norm': reducing(['batchNorm'], batchNormCall),
  'torch.nn.functional.layer_norm': reducing(['layerNorm'], ([x, w, b], kw) =>
    op('layerNorm')(x, ints(kw, 'normalized_shape'), w, b, num(kw, 'eps', 1e-5)),
  ),
  'torch.nn.ChannelShuffle': elementwise(['channelShuffle'], ([x], kw) => op('channelShuffle')(x, num(kw, 'groups'))),
  'torch.permute': elementwise(['permute'], ([a], kw) => op('permute')(a, ints(kw, 'dims'))),
  'torch.transpose': elementwise(['transpose'], ([a], kw) => op('transpose')(a, num(kw, 'dim0'), num(kw, 'dim1'))),
  'torch.reshape': elementwise(['reshape'], ([a], kw) => op('reshape')(a, ints(kw, 'shape'))),
  'torch.transpose+reshape': elementwise(['transpose', 'reshape'], ([a], kw) =>
    op('reshape')(op('transpose')(a, num(kw, 'dim0'), num(kw, 'dim1')), ints(kw, 'shape')),
  ),
  'torch.Tensor.expand': elementwise(['expand'], ([a], kw) => op('expand')(a, ints(kw, 'size'))),
  'torch.flatten': elementwise(['flatten'], ([a], kw) => op('flatten')(a, num(kw, 'start_dim', 0), num(kw, 'end_dim', -1))),
  'torch.narrow': elementwise(['narrow'], ([a], kw) => op('narrow')(a, num(kw, 'dim'), num(kw, 'start'), num(kw, 'length'))),
  'tensor[:, 1::2]': elementwise(['slice'], ([a], kw) =>
    op('slice')(a, num(kw, 'dim'), num(kw, 'start', 0), optNum(kw, 'end') ?? Infinity, num(kw, 'step', 1)),
  ),
  'torch.cat': elementwise(['cat'], (xs, kw) => op('cat')(xs, num(kw, 'dim', 0))),
  'torch.stack': elementwise(['stack'], (xs, kw) => op('stack')(xs, num(kw, 'dim', 0))),
  'torch.index_select': elementwise(['indexSelect'], ([a, idx], kw) => op('indexSelect')(a, num(kw, 'dim'), idx)),
  'torch.gather': elementwise(['gather'], ([a, idx], kw) => op('gather')(a, num(kw, 'dim'), idx)),
  ...GOLDEN_SEQ_OPS,
};

/** The table entry for a manifest `op` string, or an error naming the op and the known ones. */
export function goldenOp(name: string): GoldenOp {
  const entry = GOLDEN_OPS[name];
  if (!entry) throw new Error(`op '${name}' has no entry in the golden op table (testing/golden-ops.ts)`);
  return entry;
}
