import { tensor, type Tensor } from '@flint/core';

/** Side of an MNIST image. */
export const IMAGE_SIDE = 28;
/** Pixels per image (28 x 28). */
export const IMAGE_PIXELS = IMAGE_SIDE * IMAGE_SIDE;
/** Digit classes. */
export const CLASSES = 10;

/** A small LCG: the same numbers on every platform, no seed state shared with the model. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Draws a thick line segment into a 28x28 image. */
function stroke(img: Float32Array, x0: number, y0: number, x1: number, y1: number): void {
  const steps = 40;
  for (let i = 0; i <= steps; i++) {
    const x = x0 + ((x1 - x0) * i) / steps;
    const y = y0 + ((y1 - y0) * i) / steps;
    for (let dy = -1; dy <= 1; dy++) {
      for (let dx = -1; dx <= 1; dx++) {
        const px = Math.round(x + dx);
        const py = Math.round(y + dy);
        if (px >= 0 && px < IMAGE_SIDE && py >= 0 && py < IMAGE_SIDE) img[py * IMAGE_SIDE + px] = 1;
      }
    }
  }
}

/** One "digit" per class: three random strokes, fixed by `seed`. */
function templates(seed: number): Float32Array[] {
  const rnd = lcg(seed);
  const out: Float32Array[] = [];
  for (let c = 0; c < CLASSES; c++) {
    const img = new Float32Array(IMAGE_PIXELS);
    for (let s = 0; s < 3; s++) stroke(img, 5 + rnd() * 18, 5 + rnd() * 18, 5 + rnd() * 18, 5 + rnd() * 18);
    out.push(img);
  }
  return out;
}

/** An MNIST-shaped data set: float32 images `[n, 784]` in [0, 1] and int32 labels `[n]`. */
export interface SyntheticMnist {
  readonly x: Tensor;
  readonly y: Tensor;
}

/**
 * MNIST-like data generated deterministically (no download, identical in a page and in
 * Node): each image is its class's stroke template shifted by up to 2 pixels, with pixel
 * noise. Samples with the same `seed` are the same everywhere.
 */
export function syntheticMnist(count: number, seed = 1): SyntheticMnist {
  const protos = templates(1234);
  const rnd = lcg(seed);
  const xs = new Float32Array(count * IMAGE_PIXELS);
  const ys = new Int32Array(count);
  for (let n = 0; n < count; n++) {
    const label = Math.floor(rnd() * CLASSES);
    const sx = Math.floor(rnd() * 5) - 2;
    const sy = Math.floor(rnd() * 5) - 2;
    const proto = protos[label];
    const base = n * IMAGE_PIXELS;
    for (let py = 0; py < IMAGE_SIDE; py++) {
      for (let px = 0; px < IMAGE_SIDE; px++) {
        const qx = px - sx;
        const qy = py - sy;
        const ink = qx >= 0 && qx < IMAGE_SIDE && qy >= 0 && qy < IMAGE_SIDE ? proto[qy * IMAGE_SIDE + qx] : 0;
        xs[base + py * IMAGE_SIDE + px] = Math.min(1, Math.max(0, ink * 0.8 + rnd() * 0.3));
      }
    }
    ys[n] = label;
  }
  return { x: tensor(xs, { shape: [count, IMAGE_PIXELS] }), y: tensor(ys, { shape: [count] }) };
}
