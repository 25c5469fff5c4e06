import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SafetensorsError, type SafetensorsErrorCode } from './safetensors-error.js';
import { getSafetensor, readSafetensors, safetensorsToTensors } from './safetensors-reader.js';
import { defaultGoldenDir } from '../testing/node-fixture-source.js';
import { assemble, bytesOf, encodeSafetensors } from '../testing/safetensors-bytes.spec-helper.js';

const build = encodeSafetensors;

function u16(values: number[]): Uint8Array {
  const b = new Uint8Array(values.length * 2);
  values.forEach((v, i) => new DataView(b.buffer).setUint16(i * 2, v, true));
  return b;
}

function codeOf(fn: () => unknown): SafetensorsErrorCode | 'none' {
  try {
    fn();
  } catch (e) {
    if (e instanceof SafetensorsError) return e.code;
    throw e;
  }
  return 'none';
}

describe('readSafetensors', () => {
  it('decodes F32, F64, I32, I64, U8 and BOOL with their shapes, skipping __metadata__', () => {
    const buf = build(
      {
        f: { dtype: 'F32', shape: [2, 2], bytes: bytesOf(new Float32Array([1.5, -2, 3, 4])) },
        d: { dtype: 'F64', shape: [1], bytes: bytesOf(new Float64Array([Math.PI])) },
        i: { dtype: 'I32', shape: [3], bytes: bytesOf(new Int32Array([-1, 0, 7])) },
        l: { dtype: 'I64', shape: [2], bytes: bytesOf(new BigInt64Array([-5n, 2147483647n])) },
        u: { dtype: 'U8', shape: [2], bytes: new Uint8Array([0, 255]) },
        b: { dtype: 'BOOL', shape: [3], bytes: new Uint8Array([1, 0, 2]) },
        s: { dtype: 'F32', shape: [], bytes: bytesOf(new Float32Array([9])) },
      },
      { __metadata__: { format: 'pt' } },
    );
    const file = readSafetensors(buf);
    expect(file.metadata).toEqual({ format: 'pt' });
    expect([...file.tensors.keys()]).toEqual(['f', 'd', 'i', 'l', 'u', 'b', 's']);
    expect(getSafetensor(file, 'f')).toMatchObject({ dtype: 'float32', fileDtype: 'F32', shape: [2, 2] });
    expect([...getSafetensor(file, 'f').values]).toEqual([1.5, -2, 3, 4]);
    expect(getSafetensor(file, 'd').values).toEqual(new Float64Array([Math.PI]));
    expect(getSafetensor(file, 'i').values).toEqual(new Int32Array([-1, 0, 7]));
    expect(getSafetensor(file, 'l')).toMatchObject({ dtype: 'int32', values: new Int32Array([-5, 2147483647]) });
    expect(getSafetensor(file, 'u')).toMatchObject({ dtype: 'int32', values: new Int32Array([0, 255]) });
    expect(getSafetensor(file, 'b')).toMatchObject({ dtype: 'bool', values: new Uint8Array([1, 0, 1]) });
    expect(getSafetensor(file, 's')).toMatchObject({ shape: [], values: new Float32Array([9]) });
  });

  it('widens F16 and BF16 to float32 exactly (normals, subnormals, infinities, NaN)', () => {
    const half = [0x3c00, 0xc000, 0x7bff, 0x0001, 0x7c00, 0xfc00, 0x3555, 0x7e00, 0x8000];
    const bf = [0x3f80, 0xc040, 0x7f80, 0x0001];
    const file = readSafetensors(build({ h: { dtype: 'F16', shape: [9], bytes: u16(half) }, g: { dtype: 'BF16', shape: [4], bytes: u16(bf) } }));
    const h = getSafetensor(file, 'h');
    expect(h.dtype).toBe('float32');
    expect([...h.values]).toEqual([1, -2, 65504, 2 ** -24, Infinity, -Infinity, Math.fround(0.333251953125), NaN, -0]);
    expect([...getSafetensor(file, 'g').values]).toEqual([1, -3, Infinity, Math.fround(2 ** -133)]);
  });

  it('reads tensors from a buffer that is a view into a larger one (unaligned)', () => {
    const inner = build({ a: { dtype: 'F32', shape: [2], bytes: bytesOf(new Float32Array([1, 2])) } });
    const outer = new Uint8Array(inner.length + 3);
    outer.set(inner, 3);
    expect([...getSafetensor(readSafetensors(outer.subarray(3)), 'a').values]).toEqual([1, 2]);
  });

  it('uploads tensors to a device', async () => {
    const file = readSafetensors(build({ a: { dtype: 'I32', shape: [2, 1], bytes: bytesOf(new Int32Array([4, 5])) } }));
    const t = safetensorsToTensors(file, 'cpu').get('a');
    if (!t) throw new Error('tensor a was not uploaded');
    expect(t.shape).toEqual([2, 1]);
    expect(t.dtype).toBe('int32');
    expect([...(await t.data())]).toEqual([4, 5]);
    t.dispose();
  });

  it('reads a PyTorch golden fixture', () => {
    const path = `${defaultGoldenDir()}/ops/where.safetensors`;
    expect(existsSync(path), `fixture ${path} is missing`).toBe(true);
    const file = readSafetensors(new Uint8Array(readFileSync(path)));
    expect(getSafetensor(file, 'in.c')).toMatchObject({ fileDtype: 'BOOL', shape: [4, 5] });
    expect(getSafetensor(file, 'in.b').shape).toEqual([1, 5]);
    expect(getSafetensor(file, 'grad.a').values.length).toBe(20);
  });
});

describe('readSafetensors rejects malformed buffers with a code', () => {
  const f32 = (n: number): Uint8Array => bytesOf(new Float32Array(n));
  const withLength = (n: bigint, rest: Uint8Array = new Uint8Array(0)): Uint8Array => {
    const out = new Uint8Array(8 + rest.length);
    new DataView(out.buffer).setBigUint64(0, n, true);
    out.set(rest, 8);
    return out;
  };
  const raw = (header: unknown, data: Uint8Array): Uint8Array => assemble(JSON.stringify(header), [data]);

  const cases: [string, () => Uint8Array, SafetensorsErrorCode][] = [
    ['fewer than 8 bytes', () => new Uint8Array(7), 'HeaderTooSmall'],
    ['a header length above the limit', () => withLength(2n ** 63n), 'HeaderTooLarge'],
    ['a header length past the buffer', () => withLength(100n, new TextEncoder().encode('{}')), 'InvalidHeaderLength'],
    ['a header that is not UTF-8', () => withLength(2n, new Uint8Array([0x7b, 0xff])), 'InvalidHeader'],
    ['a header not starting with {', () => assemble(' []', []), 'InvalidHeaderStart'],
    ['a header that is not JSON', () => assemble('{"a":', []), 'InvalidHeaderDeserialization'],
    ['a tensor entry that is not an object', () => assemble('{"a":3}', []), 'InvalidHeaderDeserialization'],
    ['metadata that is not string to string', () => assemble('{"__metadata__":{"k":1}}', []), 'InvalidHeaderDeserialization'],
    ['an unknown dtype', () => raw({ a: { dtype: 'C64', shape: [1], data_offsets: [0, 8] } }, f32(2)), 'InvalidDType'],
    ['a negative dimension', () => raw({ a: { dtype: 'F32', shape: [-1], data_offsets: [0, 4] } }, f32(1)), 'TensorInvalidInfo'],
    ['a fractional dimension', () => raw({ a: { dtype: 'F32', shape: [1.5], data_offsets: [0, 4] } }, f32(1)), 'TensorInvalidInfo'],
    ['missing data_offsets', () => raw({ a: { dtype: 'F32', shape: [1] } }, f32(1)), 'TensorInvalidInfo'],
    ['offsets that disagree with the shape', () => raw({ a: { dtype: 'F32', shape: [3], data_offsets: [0, 8] } }, f32(2)), 'TensorInvalidInfo'],
    ['offsets ending before they begin', () => raw({ a: { dtype: 'F32', shape: [0], data_offsets: [4, 0] } }, f32(1)), 'InvalidOffset'],
    ['a gap before the first tensor', () => raw({ a: { dtype: 'F32', shape: [1], data_offsets: [4, 8] } }, f32(2)), 'InvalidOffset'],
    [
      'overlapping tensors',
      () => raw({ a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] }, b: { dtype: 'F32', shape: [1], data_offsets: [4, 8] } }, f32(2)),
      'InvalidOffset',
    ],
    ['offsets past the buffer', () => raw({ a: { dtype: 'F32', shape: [4], data_offsets: [0, 16] } }, f32(2)), 'InvalidOffset'],
    ['trailing bytes after the data', () => raw({ a: { dtype: 'F32', shape: [1], data_offsets: [0, 4] } }, f32(2)), 'MetadataIncompleteBuffer'],
    [
      'a shape whose byte size overflows',
      () => raw({ a: { dtype: 'F64', shape: [2 ** 30, 2 ** 30, 2 ** 30], data_offsets: [0, 8] } }, f32(2)),
      'ValidationOverflow',
    ],
    ['an I64 beyond int32', () => raw({ a: { dtype: 'I64', shape: [1], data_offsets: [0, 8] } }, bytesOf(new BigInt64Array([2n ** 40n]))), 'ValueOutOfRange'],
  ];
  for (const [what, make, code] of cases) {
    it(`${what}: ${code}`, () => expect(codeOf(() => readSafetensors(make()))).toBe(code));
  }

  it('names the missing tensor and what the file holds', () => {
    const file = readSafetensors(raw({ a: { dtype: 'F32', shape: [1], data_offsets: [0, 4] } }, f32(1)));
    expect(() => getSafetensor(file, 'b')).toThrow(/TensorNotFound: no tensor 'b' \(file has a\)/);
  });

  it('is a FlintError named SafetensorsError', () => {
    try {
      readSafetensors(new Uint8Array(3));
    } catch (e) {
      expect(e).toBeInstanceOf(SafetensorsError);
      expect((e as Error).name).toBe('SafetensorsError');
    }
  });
});
