import { argmax, matmul, tensor, tidy, type Tensor } from '@flint/core';

/** A small deterministic generator (LCG) so the example needs no dataset and no seed API. */
export function uniform(n: number, seed: number, scale = 1): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = (s / 2 ** 32 * 2 - 1) * scale;
  }
  return out;
}

/**
 * A classification task with a known answer: inputs are random vectors, labels are the
 * argmax of a fixed random linear "teacher". A student MLP can learn it to high accuracy.
 */
export function teacherData(samples: number, features: number, classes: number, seed = 7): { x: Tensor; y: Tensor } {
  const x = tensor(uniform(samples * features, seed), { shape: [samples, features] });
  const teacher = tensor(uniform(features * classes, seed + 1), { shape: [features, classes] });
  const y = tidy(() => argmax(matmul(x, teacher), 1));
  teacher.dispose();
  return { x, y };
}
