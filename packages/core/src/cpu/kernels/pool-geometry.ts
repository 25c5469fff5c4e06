import type { Shape } from '../../tensor/shape.js';

/** Sizes of a 2-D pooling over [N,C,H,W], computed once per call (PyTorch's ceil_mode=false). */
export interface PoolGeometry {
  /** Planes: N * C. */
  readonly planes: number;
  readonly h: number;
  readonly w: number;
  readonly oh: number;
  readonly ow: number;
  readonly kh: number;
  readonly kw: number;
  readonly sh: number;
  readonly sw: number;
  readonly ph: number;
  readonly pw: number;
}

interface PoolAttrs {
  kernel: [number, number];
  stride: [number, number];
  padding: [number, number];
}

/** Output size of one pooled dimension: floor((size + 2*pad - k) / s) + 1. */
export const pooledSize = (size: number, k: number, s: number, pad: number): number => Math.floor((size + 2 * pad - k) / s) + 1;

/** Geometry of pooling the [N,C,H,W] `inputShape`. */
export function poolGeometry(inputShape: Shape, attrs: PoolAttrs): PoolGeometry {
  const [n, c, h, w] = inputShape;
  const [kh, kw] = attrs.kernel;
  const [sh, sw] = attrs.stride;
  const [ph, pw] = attrs.padding;
  return { planes: n * c, h, w, oh: pooledSize(h, kh, sh, ph), ow: pooledSize(w, kw, sw, pw), kh, kw, sh, sw, ph, pw };
}

/** The common unpadded 2x2 window with stride 2, which the pooling kernels unroll. */
export const isWindow2x2 = (g: PoolGeometry): boolean => g.kh === 2 && g.kw === 2 && g.sh === 2 && g.sw === 2 && g.ph === 0 && g.pw === 0;
