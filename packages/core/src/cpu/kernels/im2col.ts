import type { Shape } from '../../tensor/shape.js';
import { growScratch32 } from '../wasm/heap-scratch.js';

/** Float buffers the convolution kernels compute in. */
export type FloatArray = Float32Array | Float64Array;

/** Everything a convolution kernel needs to know about its sizes, computed once per call. */
export interface ConvGeometry {
  readonly n: number;
  readonly c: number;
  readonly h: number;
  readonly w: number;
  readonly o: number;
  readonly kh: number;
  readonly kw: number;
  readonly oh: number;
  readonly ow: number;
  readonly sh: number;
  readonly sw: number;
  readonly ph: number;
  readonly pw: number;
  readonly dh: number;
  readonly dw: number;
  readonly groups: number;
  /** Input channels per group. */
  readonly cg: number;
  /** Output channels per group. */
  readonly og: number;
  /** Rows of a group's column matrix: cg * kh * kw. */
  readonly k: number;
  /** Output positions per plane: oh * ow. */
  readonly p: number;
}

interface ConvAttrs {
  stride: [number, number];
  padding: [number, number];
  dilation: [number, number];
  groups: number;
}

/** Geometry of `x: [N,C,H,W]` convolved with `w: [O,C/groups,kh,kw]`. */
export function convGeometry(xShape: Shape, wShape: Shape, attrs: ConvAttrs): ConvGeometry {
  const [n, c, h, w] = xShape;
  const [o, cg, kh, kw] = wShape;
  const [sh, sw] = attrs.stride;
  const [ph, pw] = attrs.padding;
  const [dh, dw] = attrs.dilation;
  const oh = Math.floor((h + 2 * ph - dh * (kh - 1) - 1) / sh) + 1;
  const ow = Math.floor((w + 2 * pw - dw * (kw - 1) - 1) / sw) + 1;
  const groups = attrs.groups;
  return { n, c, h, w, o, kh, kw, oh, ow, sh, sw, ph, pw, dh, dw, groups, cg, og: o / groups, k: cg * kh * kw, p: oh * ow };
}

/** First and one-past-last output index whose input coordinate `o*s - pad + off` lies in [0, size). */
function validRange(off: number, pad: number, s: number, size: number, outSize: number): [number, number] {
  const lo = Math.max(0, Math.ceil((pad - off) / s));
  const hi = Math.min(outSize, Math.floor((size - 1 + pad - off) / s) + 1);
  return [lo, Math.max(lo, hi)];
}

/**
 * Unfolds `cg` channels of one image (starting at `xOff` in `x`) into `col` as a [k, p] block
 * at `colOff` whose rows lie `ld` apart (`ld` > p when several images share one column matrix):
 * row (ci, i, j) holds the input pixel each output position sees through kernel tap (i, j),
 * zero where it falls in the padding.
 */
export function im2col(x: FloatArray, xOff: number, g: ConvGeometry, col: FloatArray, colOff = 0, ld = g.p): void {
  const { h, w, kh, kw, oh, ow, sh, sw, ph, pw, dh, dw, cg } = g;
  // Stride 1 with output rows as wide as input rows ("same" padding): a tap's whole valid span
  // is the input plane shifted by a constant, so it is one block copy plus zeroed edge columns.
  const shifted = sh === 1 && sw === 1 && ow === w;
  let row = 0;
  for (let ci = 0; ci < cg; ci++) {
    const plane = xOff + ci * h * w;
    for (let i = 0; i < kh; i++) {
      const [ohLo, ohHi] = validRange(i * dh, ph, sh, h, oh);
      for (let j = 0; j < kw; j++, row++) {
        const [owLo, owHi] = validRange(j * dw, pw, sw, w, ow);
        const base = colOff + row * ld;
        // TypedArray fill is a runtime call costing more than a short row: skip empty ranges.
        if (ohLo > 0) col.fill(0, base, base + ohLo * ow);
        if (shifted && ohHi > ohLo && owHi > owLo) {
          const first = base + ohLo * ow + owLo;
          const src = plane + (ohLo - ph + i * dh) * w - pw + j * dw + owLo;
          col.set(x.subarray(src, src + (ohHi - 1 - ohLo) * ow + owHi - owLo), first);
          for (let y = ohLo; y < ohHi; y++) {
            const dst = base + y * ow;
            for (let xo = 0; xo < owLo; xo++) col[dst + xo] = 0;
            for (let xo = owHi; xo < ow; xo++) col[dst + xo] = 0;
          }
          if (ohHi < oh) col.fill(0, base + ohHi * ow, base + oh * ow);
          continue;
        }
        for (let y = ohLo; y < ohHi; y++) {
          const dst = base + y * ow;
          const src = plane + (y * sh - ph + i * dh) * w - pw + j * dw;
          for (let xo = 0; xo < owLo; xo++) col[dst + xo] = 0;
          if (sw === 1) {
            for (let xo = owLo; xo < owHi; xo++) col[dst + xo] = x[src + xo];
          } else {
            for (let xo = owLo; xo < owHi; xo++) col[dst + xo] = x[src + xo * sw];
          }
          for (let xo = owHi; xo < ow; xo++) col[dst + xo] = 0;
        }
        if (ohHi < oh) col.fill(0, base + ohHi * ow, base + oh * ow);
      }
    }
  }
}

/**
 * `im2col` transposed: the [p, k] matrix whose row q holds, for output position q, the input
 * pixel under every kernel tap (ci, i, j), zero in the padding. One pass, writing each row in
 * order, instead of an unfold followed by a transpose (the filter gradient reduces along p).
 */
export function im2colTransposed(x: FloatArray, xOff: number, g: ConvGeometry, colT: FloatArray, colOff = 0): void {
  const { h, w, kh, kw, oh, ow, sh, sw, ph, pw, dh, dw, cg, k } = g;
  const plane = h * w;
  for (let y = 0, q = 0; y < oh; y++) {
    for (let xo = 0; xo < ow; xo++, q++) {
      let at = colOff + q * k;
      const y0 = y * sh - ph;
      const x0 = xo * sw - pw;
      for (let ci = 0; ci < cg; ci++) {
        const base = xOff + ci * plane;
        for (let i = 0; i < kh; i++) {
          const iy = y0 + i * dh;
          if (iy < 0 || iy >= h) {
            for (let j = 0; j < kw; j++) colT[at++] = 0;
            continue;
          }
          const row = base + iy * w;
          for (let j = 0; j < kw; j++) {
            const ix = x0 + j * dw;
            colT[at++] = ix >= 0 && ix < w ? x[row + ix] : 0;
          }
        }
      }
    }
  }
}

/** The adjoint of `im2col`: adds each entry of the [k, p] block of `col` at `colOff` (rows `ld` apart) back into its input pixel. */
export function col2im(col: FloatArray, g: ConvGeometry, dx: FloatArray, dxOff: number, colOff = 0, ld = g.p): void {
  const { h, w, kh, kw, oh, ow, sh, sw, ph, pw, dh, dw, cg } = g;
  let row = 0;
  for (let ci = 0; ci < cg; ci++) {
    const plane = dxOff + ci * h * w;
    for (let i = 0; i < kh; i++) {
      const [ohLo, ohHi] = validRange(i * dh, ph, sh, h, oh);
      for (let j = 0; j < kw; j++, row++) {
        const [owLo, owHi] = validRange(j * dw, pw, sw, w, ow);
        const base = colOff + row * ld;
        for (let y = ohLo; y < ohHi; y++) {
          const src = base + y * ow;
          const dst = plane + (y * sh - ph + i * dh) * w - pw + j * dw;
          for (let xo = owLo; xo < owHi; xo++) dx[dst + xo * sw] += col[src + xo];
        }
      }
    }
  }
}

let scratch32: Float32Array = new Float32Array(0);
let scratch64 = new Float64Array(0);

/**
 * A module-level column buffer of at least `size` elements in `dtype`'s precision, grown as
 * needed and reused across calls (kernels run synchronously, so one per dtype suffices).
 */
export function columnScratch(dtype: string, size: number): FloatArray {
  if (dtype === 'float64') {
    if (scratch64.length < size) scratch64 = new Float64Array(size);
    return scratch64;
  }
  scratch32 = growScratch32(scratch32, size);
  return scratch32;
}
