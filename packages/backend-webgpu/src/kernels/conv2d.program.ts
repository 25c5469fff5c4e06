import type { Shape } from '@flint/core';
import { GEMM_META } from './tiled-gemm.js';

/** Sizes of a convolution, as core's CPU kernels compute them. */
export interface ConvAttrs {
  stride: [number, number];
  padding: [number, number];
  dilation: [number, number];
  groups: number;
}

/** The conv fields of the meta block: [N, C, H, W, O, KH, KW, OH, OW, SH, SW, PH, PW, DH, DW, G]. */
export function convFields(xShape: Shape, wShape: Shape, a: ConvAttrs): number[] {
  const [n, c, h, w] = xShape;
  const [o, , kh, kw] = wShape;
  const oh = Math.floor((h + 2 * a.padding[0] - a.dilation[0] * (kh - 1) - 1) / a.stride[0]) + 1;
  const ow = Math.floor((w + 2 * a.padding[1] - a.dilation[1] * (kw - 1) - 1) / a.stride[1]) + 1;
  return [n, c, h, w, o, kh, kw, oh, ow, ...a.stride, ...a.padding, ...a.dilation, a.groups];
}

/** WGSL names (u32) for the conv fields, which follow the GEMM's own in the meta block. */
const FIELDS = ['N', 'C', 'H', 'W', 'O', 'KH', 'KW', 'OH', 'OW', 'SH', 'SW', 'PH', 'PW', 'DH', 'DW', 'G'];
const F = FIELDS.map((name, i) => `let ${name} = u32(prm[${GEMM_META + i}]);`).join(' ') + ' let CG = C / G; let OG = O / G;';

/** Input row `iy` (or column) a tap reads for output `yo`, or an out-of-range value when padded. */
const TAP_WGSL = `
fn tap(yo: u32, k: u32, s: u32, p: u32, d: u32) -> i32 { return i32(yo * s + k * d) - i32(p); }`;

/*
 * The three convolutions as implicit GEMMs, one product per group g (z = g):
 * - forward:      out[(n,y,x), o]   = sum over (ci,ky,kx) of x[n, g*CG+ci, tap] * w[g*OG+o, ci, ky, kx]
 * - input grad:   dx[(n,iy,ix), ci] = sum over (o,ky,kx)  of dy[n, g*OG+o, yo, xo] * w[g*OG+o, ci, ky, kx]
 *                 where (yo, xo) is the output whose tap reads (iy, ix), if any (stride divides)
 * - filter grad:  dw[o, (ci,ky,kx)] = sum over (n,y,x)    of dy[n, g*OG+o, y, x] * x[n, g*CG+ci, tap]
 * Each is deterministic: every output is one thread's ordered sum (plus the ordered split-K
 * combine for the filter gradient).
 */

export const CONV_FORWARD_WGSL = `${TAP_WGSL}
fn loadA(g: u32, m: u32, k: u32) -> f32 {
  ${F}
  let xo = m % OW; let yo = (m / OW) % OH; let nb = m / (OW * OH);
  let kx = k % KW; let ky = (k / KW) % KH; let ci = k / (KW * KH);
  let iy = tap(yo, ky, SH, PH, DH); let ix = tap(xo, kx, SW, PW, DW);
  if (iy < 0 || iy >= i32(H) || ix < 0 || ix >= i32(W)) { return 0.0; }
  return x[((nb * C + g * CG + ci) * H + u32(iy)) * W + u32(ix)];
}
fn loadB(g: u32, k: u32, n: u32) -> f32 {
  ${F}
  return w[(g * OG + n) * CG * KH * KW + k];
}
fn outIndex(g: u32, m: u32, n: u32) -> u32 {
  ${F}
  let xo = m % OW; let yo = (m / OW) % OH; let nb = m / (OW * OH);
  return ((nb * O + g * OG + n) * OH + yo) * OW + xo;
}`;

export const CONV_INPUT_WGSL = `
fn loadA(g: u32, m: u32, k: u32) -> f32 {
  ${F}
  let ix = m % W; let iy = (m / W) % H; let nb = m / (W * H);
  let kx = k % KW; let ky = (k / KW) % KH; let oo = k / (KW * KH);
  let ty = i32(iy + PH) - i32(ky * DH); let tx = i32(ix + PW) - i32(kx * DW);
  if (ty < 0 || tx < 0 || u32(ty) % SH != 0u || u32(tx) % SW != 0u) { return 0.0; }
  let yo = u32(ty) / SH; let xo = u32(tx) / SW;
  if (yo >= OH || xo >= OW) { return 0.0; }
  return dy[((nb * O + g * OG + oo) * OH + yo) * OW + xo];
}
fn loadB(g: u32, k: u32, n: u32) -> f32 {
  ${F}
  let kx = k % KW; let ky = (k / KW) % KH; let oo = k / (KW * KH);
  return w[(((g * OG + oo) * CG + n) * KH + ky) * KW + kx];
}
fn outIndex(g: u32, m: u32, n: u32) -> u32 {
  ${F}
  let ix = m % W; let iy = (m / W) % H; let nb = m / (W * H);
  return ((nb * C + g * CG + n) * H + iy) * W + ix;
}`;

export const CONV_FILTER_WGSL = `${TAP_WGSL}
fn loadA(g: u32, m: u32, k: u32) -> f32 {
  ${F}
  let xo = k % OW; let yo = (k / OW) % OH; let nb = k / (OW * OH);
  return dy[((nb * O + g * OG + m) * OH + yo) * OW + xo];
}
fn loadB(g: u32, k: u32, n: u32) -> f32 {
  ${F}
  let xo = k % OW; let yo = (k / OW) % OH; let nb = k / (OW * OH);
  let kx = n % KW; let ky = (n / KW) % KH; let ci = n / (KW * KH);
  let iy = tap(yo, ky, SH, PH, DH); let ix = tap(xo, kx, SW, PW, DW);
  if (iy < 0 || iy >= i32(H) || ix < 0 || ix >= i32(W)) { return 0.0; }
  return x[((nb * C + g * CG + ci) * H + u32(iy)) * W + u32(ix)];
}
fn outIndex(g: u32, m: u32, n: u32) -> u32 {
  ${F}
  return (g * OG + m) * CG * KH * KW + n;
}`;
