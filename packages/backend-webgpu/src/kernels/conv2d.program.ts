import type { Shape } from '@flint/core';

/** Sizes of a convolution, as core's CPU kernels compute them. */
export interface ConvAttrs {
  stride: [number, number];
  padding: [number, number];
  dilation: [number, number];
  groups: number;
}

/**
 * The conv meta block: [count, N, C, H, W, O, KH, KW, OH, OW, SH, SW, PH, PW, DH, DW, G], with
 * `count` the number of threads (or workgroups) the program runs.
 */
export function convMeta(xShape: Shape, wShape: Shape, a: ConvAttrs): number[] {
  const [n, c, h, w] = xShape;
  const [o, , kh, kw] = wShape;
  const oh = Math.floor((h + 2 * a.padding[0] - a.dilation[0] * (kh - 1) - 1) / a.stride[0]) + 1;
  const ow = Math.floor((w + 2 * a.padding[1] - a.dilation[1] * (kw - 1) - 1) / a.stride[1]) + 1;
  return [0, n, c, h, w, o, kh, kw, oh, ow, ...a.stride, ...a.padding, ...a.dilation, a.groups];
}

/** WGSL names for the meta block's fields (all i32). */
export const CONV_FIELDS_WGSL = `
  let N = prm[1]; let C = prm[2]; let H = prm[3]; let W = prm[4];
  let O = prm[5]; let KH = prm[6]; let KW = prm[7]; let OH = prm[8]; let OW = prm[9];
  let SH = prm[10]; let SW = prm[11]; let PH = prm[12]; let PW = prm[13]; let DH = prm[14]; let DW = prm[15];
  let G = prm[16]; let CG = C / G; let OG = O / G;`;

/**
 * Forward: one thread per output (n, o, y, x), summing its receptive field (direct
 * convolution: the implicit-GEMM row of one output, without tiling).
 */
export const CONV2D_BODY = `${CONV_FIELDS_WGSL}
  let ii = i32(i);
  let xo = ii % OW; let yo = (ii / OW) % OH; let oc = (ii / (OW * OH)) % O; let nb = ii / (OW * OH * O);
  let g = oc / OG;
  var acc = 0.0;
  for (var ci = 0; ci < CG; ci++) {
    let xPlane = ((nb * C + g * CG + ci) * H) * W;
    let wBase = ((oc * CG + ci) * KH) * KW;
    for (var ky = 0; ky < KH; ky++) {
      let iy = yo * SH - PH + ky * DH;
      if (iy < 0 || iy >= H) { continue; }
      for (var kx = 0; kx < KW; kx++) {
        let ix = xo * SW - PW + kx * DW;
        if (ix < 0 || ix >= W) { continue; }
        acc = fma(x[xPlane + iy * W + ix], w[wBase + ky * KW + kx], acc);
      }
    }
  }
  out[i] = acc;`;

/**
 * Input gradient: one thread per input pixel (n, c, iy, ix), gathering every (output, tap)
 * that read it. Deterministic: no atomics, a fixed summation order.
 */
export const CONV2D_INPUT_BODY = `${CONV_FIELDS_WGSL}
  let ii = i32(i);
  let ix = ii % W; let iy = (ii / W) % H; let c = (ii / (W * H)) % C; let nb = ii / (W * H * C);
  let g = c / CG; let ci = c % CG;
  var acc = 0.0;
  for (var ky = 0; ky < KH; ky++) {
    let ty = iy + PH - ky * DH;
    if (ty < 0 || ty % SH != 0) { continue; }
    let yo = ty / SH;
    if (yo >= OH) { continue; }
    for (var kx = 0; kx < KW; kx++) {
      let tx = ix + PW - kx * DW;
      if (tx < 0 || tx % SW != 0) { continue; }
      let xo = tx / SW;
      if (xo >= OW) { continue; }
      for (var oo = 0; oo < OG; oo++) {
        let oc = g * OG + oo;
        acc = fma(dy[((nb * O + oc) * OH + yo) * OW + xo], w[((oc * CG + ci) * KH + ky) * KW + kx], acc);
      }
    }
  }
  out[i] = acc;`;

/**
 * Filter gradient: one workgroup per filter tap (o, ci, ky, kx); its threads split the
 * N*OH*OW products and finish with a tree reduction in workgroup memory.
 */
export const CONV2D_FILTER_LOAD = `convFilterTerm(o, j)`;
export const CONV2D_FILTER_HELPERS = `
fn convFilterTerm(o: u32, j: u32) -> f32 {${CONV_FIELDS_WGSL}
  let oi = i32(o); let jj = i32(j);
  let kx = oi % KW; let ky = (oi / KW) % KH; let ci = (oi / (KW * KH)) % CG; let oc = oi / (KW * KH * CG);
  let g = oc / OG;
  let xo = jj % OW; let yo = (jj / OW) % OH; let nb = jj / (OW * OH);
  let iy = yo * SH - PH + ky * DH;
  let ix = xo * SW - PW + kx * DW;
  if (iy < 0 || iy >= H || ix < 0 || ix >= W) { return 0.0; }
  return dy[((nb * O + oc) * OH + yo) * OW + xo] * x[((nb * C + g * CG + ci) * H + iy) * W + ix];
}`;
