/**
 * Philox-4x32-10 in WGSL, word for word the generator of `@flint/core`'s `random/philox.ts`:
 * WGSL has no 64-bit integers, so the high half of each 32x32 product is built from 16-bit
 * halves (every partial product fits in u32), as the host version does in doubles.
 */
export const PHILOX_WGSL = `
fn mulhi32(a: u32, b: u32) -> u32 {
  let aL = a & 0xffffu; let aH = a >> 16u;
  let bL = b & 0xffffu; let bH = b >> 16u;
  let lh = aL * bH; let hl = aH * bL;
  let mid = ((aL * bL) >> 16u) + (lh & 0xffffu) + (hl & 0xffffu);
  return aH * bH + (lh >> 16u) + (hl >> 16u) + (mid >> 16u);
}

fn philox4x32_10(counter: vec4<u32>, key: vec2<u32>) -> vec4<u32> {
  var x = counter;
  var k = key;
  for (var r = 0u; r < 10u; r++) {
    if (r > 0u) { k = k + vec2<u32>(0x9e3779b9u, 0xbb67ae85u); }
    let hi0 = mulhi32(0xd2511f53u, x.x); let lo0 = 0xd2511f53u * x.x;
    let hi1 = mulhi32(0xcd9e8d57u, x.z); let lo1 = 0xcd9e8d57u * x.z;
    x = vec4<u32>(hi1 ^ x.y ^ k.x, lo1, hi0 ^ x.w ^ k.y, lo0);
  }
  return x;
}

// The four words of block \`b\` of the draw in prm[1..4] = (key low, key high, offset low, offset high).
fn drawBlock(b: u32) -> vec4<u32> {
  let key = vec2<u32>(bitcast<u32>(prm[1]), bitcast<u32>(prm[2]));
  let lo = bitcast<u32>(prm[3]) + b;
  let hi = bitcast<u32>(prm[4]) + select(0u, 1u, lo < b);
  return philox4x32_10(vec4<u32>(lo, hi, 0u, 0u), key);
}`;

const TWO32 = 4294967296;

/** prm[1..4] of a draw: the key of `seed` and the starting block `offset`, as i32 bit patterns. */
export function drawMeta(seed: number, offset: number): number[] {
  return [seed | 0, Math.floor(seed / TWO32) | 0, offset | 0, Math.floor(offset / TWO32) | 0];
}
