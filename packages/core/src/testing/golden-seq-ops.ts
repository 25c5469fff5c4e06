import type { Tensor } from '../tensor/tensor.js';
import { coreOp as op, type CoreOpName } from './core-ops.js';
import type { GoldenOp } from './golden-ops.js';
import type { Kwargs } from './golden-manifest.js';
import { bool, ints, num, optNum, pair } from './kwargs.js';

/** The fixtures' tolerance classes (README), as in golden-ops.ts. */
const ELEMENTWISE = 1e-5;
const REDUCTION = 1e-4;

type Run = GoldenOp['run'];
const elementwise = (uses: CoreOpName[], run: Run): GoldenOp => ({ tolerance: ELEMENTWISE, uses, run });
const reducing = (uses: CoreOpName[], run: Run): GoldenOp => ({ tolerance: REDUCTION, uses, run });

function str<const T extends string>(kw: Kwargs, key: string, allowed: readonly T[], fallback: T): T {
  const v = kw[key] ?? fallback;
  if (typeof v !== 'string' || !allowed.includes(v as T)) throw new TypeError(`kwarg '${key}' must be one of ${allowed.join(', ')}, got ${JSON.stringify(v)}`);
  return v as T;
}

const scaleFactor = (kw: Kwargs): number | number[] | undefined => {
  const v = kw.scale_factor;
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'number') return v;
  if (Array.isArray(v) && v.every((d) => typeof d === 'number')) return v as number[];
  throw new TypeError(`kwarg 'scale_factor' must be a number or a list of numbers, got ${JSON.stringify(v)}`);
};

/**
 * The ops of the sequence-model fixtures (torch-golden-seq): PyTorch names mapped to Flint
 * calls, merged into `GOLDEN_OPS`.
 */
export const GOLDEN_SEQ_OPS: Readonly<Record<string, GoldenOp>> = {
  'torch.Tensor.masked_fill': elementwise(['maskedFill'], ([a, m], kw) => op('maskedFill')(a, m, num(kw, 'value'))),
  'torch.triu': elementwise(['triu'], ([a], kw) => op('triu')(a, num(kw, 'diagonal', 0))),
  'torch.tril': elementwise(['tril'], ([a], kw) => op('tril')(a, num(kw, 'diagonal', 0))),
  'torch.cumsum': reducing(['cumsum'], ([a], kw) => op('cumsum')(a, num(kw, 'dim'))),
  'torch.nn.functional.gelu': elementwise(['gelu'], ([a], kw) => op('gelu')(a, { approximate: str(kw, 'approximate', ['none', 'tanh'], 'none') })),
  'torch.nn.functional.pad': elementwise(['pad'], ([a], kw) =>
    op('pad')(a, ints(kw, 'pad'), { mode: str(kw, 'mode', ['constant', 'reflect', 'replicate', 'circular'], 'constant'), value: num(kw, 'value', 0) }),
  ),
  'torch.nn.functional.conv1d': reducing(['conv1d'], ([x, w, b], kw) =>
    op('conv1d')(x, w, b, { stride: num(kw, 'stride', 1), padding: num(kw, 'padding', 0), dilation: num(kw, 'dilation', 1), groups: num(kw, 'groups', 1) }),
  ),
  'torch.nn.functional.conv_transpose2d': reducing(['convTranspose2d'], ([x, w, b], kw) =>
    op('convTranspose2d')(x, w, b, {
      stride: pair(kw, 'stride', 1),
      padding: pair(kw, 'padding', 0),
      outputPadding: pair(kw, 'output_padding', 0),
      dilation: pair(kw, 'dilation', 1),
      groups: num(kw, 'groups', 1),
    }),
  ),
  'torch.nn.functional.group_norm': reducing(['groupNorm'], ([x, w, b], kw) => op('groupNorm')(x, num(kw, 'num_groups'), w, b, num(kw, 'eps', 1e-5))),
  'torch.nn.functional.interpolate': reducing(['interpolate'], ([x], kw) => {
    const size = kw.size === undefined || kw.size === null ? undefined : ints(kw, 'size');
    const alignCorners = kw.align_corners === undefined || kw.align_corners === null ? undefined : bool(kw, 'align_corners', false);
    return op('interpolate')(x, { size, scaleFactor: scaleFactor(kw), mode: str(kw, 'mode', ['nearest', 'bilinear'], 'nearest'), alignCorners });
  }),
  'torch.nn.functional.embedding': elementwise(['embedding'], ([idx, w], kw) => op('embedding')(idx, w, { paddingIdx: optNum(kw, 'padding_idx') })),
  'torch.nn.functional.scaled_dot_product_attention': reducing(['scaledDotProductAttention'], ([q, k, v, mask]: readonly Tensor[], kw) =>
    op('scaledDotProductAttention')(q, k, v, {
      attnMask: mask ?? null,
      isCausal: bool(kw, 'is_causal', false),
      dropoutP: num(kw, 'dropout_p', 0),
      scale: optNum(kw, 'scale'),
    }),
  ),
};
