import type { Shape } from '@flint/core';

interface PoolAttrs {
  kernel: [number, number];
  stride: [number, number];
  padding: [number, number];
}

/** Pool meta: [count, planes, H, W, OH, OW, KH, KW, SH, SW, PH, PW, countIncludePad]. */
export function poolMeta(inputShape: Shape, a: PoolAttrs, countIncludePad = false): number[] {
  const [n, c, h, w] = inputShape;
  const [kh, kw] = a.kernel;
  const [sh, sw] = a.stride;
  const [ph, pw] = a.padding;
  const oh = Math.floor((h + 2 * ph - kh) / sh) + 1;
  const ow = Math.floor((w + 2 * pw - kw) / sw) + 1;
  return [0, n * c, h, w, oh, ow, kh, kw, sh, sw, ph, pw, countIncludePad ? 1 : 0];
}

export const POOL_FIELDS_WGSL = `
  let H = prm[2]; let W = prm[3]; let OH = prm[4]; let OW = prm[5];
  let KH = prm[6]; let KW = prm[7]; let SH = prm[8]; let SW = prm[9]; let PH = prm[10]; let PW = prm[11];`;

/** PyTorch's avg_pool2d divisor of output (yo, xo), as the CPU kernel computes it. */
export const AVG_DIVISOR_WGSL = `
fn divisor(yo: i32, xo: i32) -> f32 {${POOL_FIELDS_WGSL}
  let ys = yo * SH - PH;
  let xs = xo * SW - PW;
  if (prm[12] != 0) { return f32((min(ys + KH, H + PH) - ys) * (min(xs + KW, W + PW) - xs)); }
  return f32((min(ys + KH, H) - max(ys, 0)) * (min(xs + KW, W) - max(xs, 0)));
}`;

/** Max pool: one thread per output; padding is -inf, the first maximum wins, NaN beats all. */
export const MAX_POOL_BODY = `${POOL_FIELDS_WGSL}
  let ii = i32(i);
  let xo = ii % OW; let yo = (ii / OW) % OH; let pl = ii / (OW * OH);
  let y0 = max(0, yo * SH - PH); let y1 = min(H, yo * SH - PH + KH);
  let x0 = max(0, xo * SW - PW); let x1 = min(W, xo * SW - PW + KW);
  var best = NEG_INF;
  var arg = y0 * W + x0;
  for (var iy = y0; iy < y1; iy++) {
    for (var ix = x0; ix < x1; ix++) {
      let v = x[pl * H * W + iy * W + ix];
      if (v > best || v != v) { best = v; arg = iy * W + ix; }
    }
  }
  out[i] = best;
  idx[i] = arg;`;

/** The outputs whose window holds input pixel (iy, ix): yLo..yHi, xLo..xHi (inclusive). */
const WINDOW_RANGE = `
  let yLo = max(0, (iy + PH - KH + SH) / SH); let yHi = min(OH - 1, (iy + PH) / SH);
  let xLo = max(0, (ix + PW - KW + SW) / SW); let xHi = min(OW - 1, (ix + PW) / SW);`;

/** Max pool gradient: one thread per input pixel, summing the outputs whose argmax is it. */
export const MAX_POOL_GRAD_BODY = `${POOL_FIELDS_WGSL}
  let ii = i32(i);
  let ix = ii % W; let iy = (ii / W) % H; let pl = ii / (W * H);
  let me = iy * W + ix;${WINDOW_RANGE}
  var acc = 0.0;
  for (var yo = yLo; yo <= yHi; yo++) {
    for (var xo = xLo; xo <= xHi; xo++) {
      let o = (pl * OH + yo) * OW + xo;
      if (idx[o] == me) { acc += dy[o]; }
    }
  }
  out[i] = acc;`;

export const AVG_POOL_BODY = `${POOL_FIELDS_WGSL}
  let ii = i32(i);
  let xo = ii % OW; let yo = (ii / OW) % OH; let pl = ii / (OW * OH);
  let y0 = max(0, yo * SH - PH); let y1 = min(H, yo * SH - PH + KH);
  let x0 = max(0, xo * SW - PW); let x1 = min(W, xo * SW - PW + KW);
  var s = 0.0;
  for (var iy = y0; iy < y1; iy++) {
    for (var ix = x0; ix < x1; ix++) { s += x[pl * H * W + iy * W + ix]; }
  }
  out[i] = s / divisor(yo, xo);`;

export const AVG_POOL_GRAD_BODY = `${POOL_FIELDS_WGSL}
  let ii = i32(i);
  let ix = ii % W; let iy = (ii / W) % H; let pl = ii / (W * H);${WINDOW_RANGE}
  var acc = 0.0;
  for (var yo = yLo; yo <= yHi; yo++) {
    for (var xo = xLo; xo <= xHi; xo++) { acc += dy[(pl * OH + yo) * OW + xo] / divisor(yo, xo); }
  }
  out[i] = acc;`;

/** Adaptive windows: output k of `outN` over `size` covers [floor(k*size/outN), ceil((k+1)*size/outN)). */
export const ADAPTIVE_WGSL = `
fn aStart(k: i32, size: i32, outN: i32) -> i32 { return (k * size) / outN; }
fn aEnd(k: i32, size: i32, outN: i32) -> i32 { return ((k + 1) * size + outN - 1) / outN; }`;

export const ADAPTIVE_BODY = `${POOL_FIELDS_WGSL}
  let ii = i32(i);
  let xo = ii % OW; let yo = (ii / OW) % OH; let pl = ii / (OW * OH);
  let y0 = aStart(yo, H, OH); let y1 = aEnd(yo, H, OH);
  let x0 = aStart(xo, W, OW); let x1 = aEnd(xo, W, OW);
  var s = 0.0;
  for (var iy = y0; iy < y1; iy++) {
    for (var ix = x0; ix < x1; ix++) { s += x[pl * H * W + iy * W + ix]; }
  }
  out[i] = s / f32((y1 - y0) * (x1 - x0));`;

export const ADAPTIVE_GRAD_BODY = `${POOL_FIELDS_WGSL}
  let ii = i32(i);
  let ix = ii % W; let iy = (ii / W) % H; let pl = ii / (W * H);
  var acc = 0.0;
  for (var yo = 0; yo < OH; yo++) {
    let y0 = aStart(yo, H, OH); let y1 = aEnd(yo, H, OH);
    if (iy < y0 || iy >= y1) { continue; }
    for (var xo = 0; xo < OW; xo++) {
      let x0 = aStart(xo, W, OW); let x1 = aEnd(xo, W, OW);
      if (ix < x0 || ix >= x1) { continue; }
      acc += dy[(pl * OH + yo) * OW + xo] / f32((y1 - y0) * (x1 - x0));
    }
  }
  out[i] = acc;`;
