import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeSafetensors } from '../src/serialization/safetensors-writer.js';
import { readSafetensors } from '../src/serialization/safetensors-reader.js';
import { SafetensorsError, type SafetensorsErrorCode } from '../src/serialization/safetensors-error.js';

const CODES = new Set<SafetensorsErrorCode>([
  'HeaderTooSmall', 'HeaderTooLarge', 'InvalidHeaderLength', 'InvalidHeader', 'InvalidHeaderStart',
  'InvalidHeaderDeserialization', 'InvalidDType', 'TensorInvalidInfo', 'InvalidOffset',
  'MetadataIncompleteBuffer', 'ValidationOverflow', 'ValueOutOfRange',
]);

const valid = encodeSafetensors({
  weight: { dtype: 'float32', shape: [3, 4], values: Float32Array.from({ length: 12 }, (_, i) => i / 3) },
  bias: { dtype: 'float32', shape: [4], values: new Float32Array([1, 2, 3, 4]) },
  steps: { dtype: 'int32', shape: [], values: new Int32Array([7]), fileDtype: 'I64' },
  mask: { dtype: 'bool', shape: [2], values: new Uint8Array([1, 0]) },
});
const headerLen = Number(new DataView(valid.buffer).getBigUint64(0, true));
const headerText = new TextDecoder().decode(valid.subarray(8, 8 + headerLen));

/** Replaces the JSON header (re-padding, fixing the length prefix), keeping the data bytes. */
function withHeader(json: string, data = valid.subarray(8 + headerLen)): Uint8Array {
  const h = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + h.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(h.length), true);
  out.set(h, 8);
  out.set(data, 8 + h.length);
  return out;
}

const mutations = fc.oneof(
  // bit flips anywhere
  fc.array(fc.tuple(fc.nat(valid.length - 1), fc.integer({ min: 0, max: 7 })), { minLength: 1, maxLength: 8 }).map((flips) => {
    const b = valid.slice();
    for (const [at, bit] of flips) b[at] ^= 1 << bit;
    return b;
  }),
  // truncation
  fc.nat(valid.length - 1).map((n) => valid.slice(0, n)),
  // huge or wrong length prefixes
  fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }).map((len) => {
    const b = valid.slice();
    new DataView(b.buffer).setBigUint64(0, len, true);
    return b;
  }),
  // bad offsets and shapes, including products past 2^53
  fc.tuple(fc.integer({ min: -5, max: 2 ** 40 }), fc.integer({ min: -5, max: 2 ** 40 }), fc.array(fc.integer({ min: -2, max: 2 ** 31 }), { maxLength: 4 })).map(
    ([a, b, shape]) => withHeader(headerText.trim().replace('"data_offsets":[0,', `"shape":${JSON.stringify(shape)},"data_offsets":[${a},${b}],"x":[0,`)),
  ),
  // duplicate and prototype keys
  fc.constantFrom('__proto__', 'constructor', 'weight', 'bias').map((k) =>
    withHeader(headerText.trim().replace(/^\{/, `{"${k}":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},`)),
  ),
  // invalid UTF-8 inside the header
  fc.tuple(fc.nat(headerLen - 1), fc.constantFrom(0xff, 0xc0, 0xe2, 0x80)).map(([at, byte]) => {
    const b = valid.slice();
    b[8 + at] = byte;
    return b;
  }),
  // trailing bytes after the last tensor
  fc.uint8Array({ minLength: 1, maxLength: 16 }).map((tail) => {
    const b = new Uint8Array(valid.length + tail.length);
    b.set(valid);
    b.set(tail, valid.length);
    return b;
  }),
  // random garbage after a plausible prefix
  fc.uint8Array({ maxLength: 64 }).map((tail) => withHeader(headerText.slice(0, 20), tail)),
);

describe('safetensors reader under fuzzing (fast-check, fixed seed)', () => {
  it('10,000 mutated files: every outcome is a parse or a SafetensorsError with a known code', () => {
    expect(readSafetensors(valid).tensors.size).toBe(4);
    const outcomes = { parsed: 0, rejected: 0 };
    const seen = new Set<SafetensorsErrorCode>();
    fc.assert(
      fc.property(mutations, (bytes) => {
        try {
          readSafetensors(bytes);
          outcomes.parsed++;
        } catch (e) {
          if (!(e instanceof SafetensorsError) || !CODES.has(e.code)) throw e;
          outcomes.rejected++;
          seen.add(e.code);
        }
      }),
      { seed: 424242, numRuns: 10_000 },
    );
    expect(outcomes.parsed + outcomes.rejected).toBe(10_000);
    expect(outcomes.rejected).toBeGreaterThan(5_000);
    // The mutations reach every rule, not just the first few checks.
    expect([...CODES].filter((c) => !seen.has(c))).toEqual([]);
  });
});
