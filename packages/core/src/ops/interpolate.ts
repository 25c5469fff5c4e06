import { ShapeError, fmtShape } from '../tensor/errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { add, mul } from './binary.js';
import { fromValues } from './creation.js';
import { indexSelect } from './indexing.js';

/** `torch.nn.functional.interpolate`'s `mode`s Flint has. */
export type InterpolateMode = 'nearest' | 'bilinear';

export interface InterpolateOptions {
  /** Output spatial size (one per spatial dimension, or one for all). Give this or `scaleFactor`. */
  size?: number | readonly number[];
  /** Multiplier of each spatial size (floored). Give this or `size`. */
  scaleFactor?: number | readonly number[];
  /** Default 'nearest'. */
  mode?: InterpolateMode;
  /** Bilinear only: align the corner pixels' centres instead of their edges; default false. */
  alignCorners?: boolean;
}

const perDim = (v: number | readonly number[], n: number): number[] => (typeof v === 'number' ? new Array<number>(n).fill(v) : [...v]);

/**
 * `torch.nn.functional.interpolate` for [N, C, ...spatial] inputs: 'nearest' (any number of
 * spatial dims) or 'bilinear' (4-D). Sizes and source coordinates follow PyTorch: with
 * `scaleFactor` the source scale is `1/scaleFactor`, else `in/out`. Both run as index selects
 * (bilinear: two per dimension, blended), so the gradient is their index-adds.
 */
export function interpolate(x: Tensor, opts: InterpolateOptions): Tensor {
  const mode = opts.mode ?? 'nearest';
  const spatial = x.ndim - 2;
  const fail = (why: string): never => {
    throw new ShapeError(`interpolate: input ${fmtShape(x.shape)}, mode '${mode}': ${why}`);
  };
  if (spatial < 1) fail('expected [N, C, ...spatial]');
  if (mode === 'bilinear' && spatial !== 2) fail('bilinear needs a 4-D [N,C,H,W] input');
  if (mode !== 'nearest' && mode !== 'bilinear') fail('mode must be nearest or bilinear');
  if ((opts.size === undefined) === (opts.scaleFactor === undefined)) fail('give exactly one of size and scaleFactor');
  if (opts.alignCorners !== undefined && mode === 'nearest') fail('alignCorners only applies to bilinear');
  const factors = opts.scaleFactor === undefined ? undefined : perDim(opts.scaleFactor, spatial);
  const sizes = opts.size !== undefined ? perDim(opts.size, spatial) : x.shape.slice(2).map((d, i) => Math.floor(d * (factors?.[i] ?? 1)));
  if (sizes.length !== spatial || sizes.some((s) => !Number.isInteger(s) || s < 1)) fail(`invalid output size ${fmtShape(sizes)}`);
  let out = x;
  for (let i = 0; i < spatial; i++) {
    const [n, m] = [x.shape[2 + i], sizes[i]];
    const scale = factors ? 1 / factors[i] : n / m;
    out = mode === 'nearest' ? nearestAlong(out, 2 + i, n, m, scale) : linearAlong(out, 2 + i, n, m, scale, opts.alignCorners ?? false);
  }
  return out;
}

const indexTensor = (values: Int32Array, device: string): Tensor => fromValues(values, [values.length], { dtype: 'int32', device });

function nearestAlong(x: Tensor, dim: number, n: number, m: number, scale: number): Tensor {
  const src = new Int32Array(m);
  for (let j = 0; j < m; j++) src[j] = Math.min(Math.floor(j * scale), n - 1);
  const idx = indexTensor(src, x.device);
  const out = indexSelect(x, dim, idx);
  idx.dispose();
  return out;
}

function linearAlong(x: Tensor, dim: number, n: number, m: number, scale: number, alignCorners: boolean): Tensor {
  const [i0, i1] = [new Int32Array(m), new Int32Array(m)];
  const [w0, w1] = [new Float32Array(m), new Float32Array(m)];
  for (let j = 0; j < m; j++) {
    const s = alignCorners ? (m > 1 ? (j * (n - 1)) / (m - 1) : 0) : Math.max((j + 0.5) * scale - 0.5, 0);
    const lo = Math.min(Math.floor(s), n - 1);
    i0[j] = lo;
    i1[j] = Math.min(lo + 1, n - 1);
    w1[j] = s - lo;
    w0[j] = 1 - w1[j];
  }
  const shape = x.shape.map((d, k) => (k === dim ? m : 1));
  const weight = (w: Float32Array): Tensor => fromValues(w, shape, { dtype: x.dtype, device: x.device });
  const [a, b] = [indexTensor(i0, x.device), indexTensor(i1, x.device)];
  const out = add(mul(indexSelect(x, dim, a), weight(w0)), mul(indexSelect(x, dim, b), weight(w1)));
  a.dispose();
  b.dispose();
  return out;
}
