/**
 * Philox-4x32-10 (Salmon et al., "Parallel Random Numbers: As Easy as 1, 2, 3", the Random123
 * `philox4x32_10` that PyTorch uses on CUDA): a counter-based generator, so any word of the
 * stream can be computed on its own, by any thread of any device.
 *
 * The stream of Flint's `Generator` is defined by `(seed, offset)` alone:
 *
 * - key   = (k0, k1) = (seed mod 2^32, floor(seed / 2^32) mod 2^32); a negative seed is taken
 *           mod 2^64 first, as PyTorch does (-1 is 0xffffffffffffffff).
 * - block b of a draw that starts at `offset` (counted in 128-bit blocks) is
 *           philox4x32_10(counter = (c0, c1, c2, c3), key), with
 *           c0 = (offset + b) mod 2^32, c1 = floor((offset + b) / 2^32), c2 = c3 = 0.
 * - word w of the draw (w = 0, 1, 2, ...) is output word w % 4 of block floor(w / 4).
 * - a draw of n words advances the generator's offset by ceil(n / 4) blocks, so the next draw
 *   starts on a fresh block.
 *
 * The conversions from words to values (uniform, normal, integers) are in `sampling.ts`; a
 * WebGPU kernel reproduces the words bit for bit from (k0, k1, offset) with u32 arithmetic.
 */

const M0 = 0xd2511f53;
const M1 = 0xcd9e8d57;
const W0 = 0x9e3779b9;
const W1 = 0xbb67ae85;
const TWO32 = 4294967296;

/**
 * High 32 bits of the exact 64-bit product of two u32 values. The operands are split into
 * 16-bit halves so every partial product stays below 2^32 and is exact in a double.
 */
export function mulhi32(a: number, b: number): number {
  const aL = a & 0xffff;
  const aH = a >>> 16;
  const bL = b & 0xffff;
  const bH = b >>> 16;
  const lh = aL * bH;
  const hl = aH * bL;
  const mid = ((aL * bL) >>> 16) + (lh & 0xffff) + (hl & 0xffff);
  return (aH * bH + (lh >>> 16) + (hl >>> 16) + (mid >>> 16)) >>> 0;
}

/** The Philox key of a seed: its low and high 32 bits (two's complement for negatives). */
export function seedToKey(seed: number): [number, number] {
  return [seed >>> 0, Math.floor(seed / TWO32) >>> 0];
}

/**
 * Writes philox4x32_10(counter, key) into `out[at..at+3]`: 10 rounds, the key bumped by the
 * Weyl constants between rounds.
 */
export function philoxBlock(
  c0: number, c1: number, c2: number, c3: number,
  k0: number, k1: number,
  out: Uint32Array, at = 0,
): void {
  let x0 = c0 >>> 0;
  let x1 = c1 >>> 0;
  let x2 = c2 >>> 0;
  let x3 = c3 >>> 0;
  let key0 = k0 >>> 0;
  let key1 = k1 >>> 0;
  for (let r = 0; r < 10; r++) {
    if (r > 0) {
      key0 = (key0 + W0) >>> 0;
      key1 = (key1 + W1) >>> 0;
    }
    const hi0 = mulhi32(M0, x0);
    const lo0 = Math.imul(M0, x0) >>> 0;
    const hi1 = mulhi32(M1, x2);
    const lo1 = Math.imul(M1, x2) >>> 0;
    x0 = (hi1 ^ x1 ^ key0) >>> 0;
    x1 = lo1;
    x2 = (hi0 ^ x3 ^ key1) >>> 0;
    x3 = lo0;
  }
  out[at] = x0;
  out[at + 1] = x1;
  out[at + 2] = x2;
  out[at + 3] = x3;
}

/**
 * Fills `out` with the words of the stream of `seed` that start at block `offset` (see the
 * file header for the exact mapping). A partial last block is truncated.
 */
export function philoxFill(seed: number, offset: number, out: Uint32Array): void {
  const [k0, k1] = seedToKey(seed);
  const n = out.length;
  const full = n >>> 2;
  for (let b = 0; b < full; b++) {
    const c = offset + b;
    philoxBlock(c >>> 0, Math.floor(c / TWO32), 0, 0, k0, k1, out, b * 4);
  }
  if (n & 3) {
    const tail = new Uint32Array(4);
    const c = offset + full;
    philoxBlock(c >>> 0, Math.floor(c / TWO32), 0, 0, k0, k1, tail, 0);
    for (let i = full * 4; i < n; i++) out[i] = tail[i - full * 4];
  }
}

/** Number of 128-bit blocks a draw of `words` u32 words uses (and advances the offset by). */
export const blocksFor = (words: number): number => Math.ceil(words / 4);
