import { describe, expect, it } from 'vitest';
import { tensor, zeros } from '../ops/creation.js';
import { getSafetensor, readSafetensors } from './safetensors-reader.js';
import { encodeSafetensors, writeSafetensors } from './safetensors-writer.js';
import { bytesToStateDict, stateDictToBytes } from './state-dict-bytes.js';
import { SafetensorsError } from './safetensors-error.js';
import { parseSafetensorsHeader } from './safetensors-header.js';
import { Linear } from '../nn/layers/linear.js';
import { StateDictError } from '../nn/state-dict-error.js';

describe('safetensors writer', () => {
  it('round-trips every dtype, rank 0 and empty tensors, with sorted keys and an 8-byte aligned header', async () => {
    const bytes = await writeSafetensors({
      w: tensor([[1.5, -2], [3, 4]]),
      d: tensor([1e-300, 2], { dtype: 'float64' }),
      i: tensor([-7, 2 ** 31 - 1], { dtype: 'int32' }),
      m: tensor([true, false, true]),
      s: tensor(3.25),
      e: zeros([0, 3]),
    });
    const headerLen = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    expect(headerLen % 8).toBe(0);
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLen))) as Record<string, unknown>;
    expect(header.__metadata__).toEqual({ format: 'pt' });
    const file = readSafetensors(bytes);
    // Data in the reference writer's order: widest dtype first, then by name.
    expect([...file.tensors.keys()]).toEqual(['d', 'e', 'i', 's', 'w', 'm']);
    const get = (k: string) => getSafetensor(file, k);
    expect(Array.from(get('w').values)).toEqual([1.5, -2, 3, 4]);
    expect(get('w').shape).toEqual([2, 2]);
    expect(get('d').fileDtype).toBe('F64');
    expect(Array.from(get('d').values)).toEqual([1e-300, 2]);
    expect(Array.from(get('i').values)).toEqual([-7, 2 ** 31 - 1]);
    expect(get('m').fileDtype).toBe('BOOL');
    expect(Array.from(get('m').values)).toEqual([1, 0, 1]);
    expect(get('s').shape).toEqual([]);
    expect(get('e').shape).toEqual([0, 3]);
  });

  it('keeps every tensor aligned to its element size when dtypes are mixed', () => {
    const bytes = encodeSafetensors({
      a_flag: { dtype: 'bool', shape: [3], values: new Uint8Array([1, 0, 1]) },
      b_f32: { dtype: 'float32', shape: [1], values: new Float32Array([2]) },
      c_f64: { dtype: 'float64', shape: [1], values: new Float64Array([3]) },
    });
    const { entries, dataStart } = parseSafetensorsHeader(bytes);
    expect(entries.map((e) => [e.name, e.begin])).toEqual([['c_f64', 0], ['b_f32', 8], ['a_flag', 12]]);
    expect(dataStart % 8).toBe(0);
  });

  it('refuses to write what the reader would reject, naming the tensor', () => {
    const one = { dtype: 'float32' as const, shape: [1], values: new Float32Array([1]) };
    for (const name of ['__metadata__', '__proto__', 'constructor']) {
      expect(() => encodeSafetensors({ [name]: one })).toThrow(new RegExp(`cannot write a tensor named '${name}'`));
    }
    expect(() => encodeSafetensors({ w: { ...one, shape: [2, 2] } })).toThrow(SafetensorsError);
    expect(() => encodeSafetensors({ w: { ...one, shape: [2, 2] } })).toThrow(/tensor 'w': shape \[2,2\] does not match 1 values/);
    expect(() => encodeSafetensors({ w: one }, { n: 3 as unknown as string })).toThrow(/metadata 'n' must be a string/);
  });

  it('writes int32 values as I64 or U8 on request, and reads them back', () => {
    const bytes = encodeSafetensors({
      n: { dtype: 'int32', shape: [2], values: new Int32Array([-3, 2 ** 31 - 1]), fileDtype: 'I64' },
      px: { dtype: 'int32', shape: [3], values: new Int32Array([0, 128, 255]), fileDtype: 'U8' },
    });
    const file = readSafetensors(bytes);
    expect(getSafetensor(file, 'n').fileDtype).toBe('I64');
    expect(Array.from(getSafetensor(file, 'n').values)).toEqual([-3, 2 ** 31 - 1]);
    expect(getSafetensor(file, 'px').fileDtype).toBe('U8');
    expect(Array.from(getSafetensor(file, 'px').values)).toEqual([0, 128, 255]);
    expect(() => encodeSafetensors({ px: { dtype: 'int32', shape: [1], values: new Int32Array([300]), fileDtype: 'U8' } })).toThrow(/300 at element 0 does not fit U8/);
  });

  it('loads a DataParallel-style state dict with stripPrefix, and strict loading suggests it', async () => {
    const src = new Linear(3, 2);
    const bytes = await stateDictToBytes(src.stateDict('module'));
    const wrapped = bytesToStateDict(bytes);
    expect(Object.keys(wrapped)).toEqual(['module.bias', 'module.weight']);
    const dst = new Linear(3, 2);
    expect(() => dst.loadStateDict(wrapped)).toThrow(StateDictError);
    expect(() => dst.loadStateDict(wrapped)).toThrow(/stripPrefix: 'module.'/);
    dst.loadStateDict(bytesToStateDict(bytes, { stripPrefix: 'module.' }));
    expect(Array.from(await dst.weight.data())).toEqual(Array.from(await src.weight.data()));
    expect(Object.keys(bytesToStateDict(bytes, { stripPrefix: 'module.', addPrefix: 'enc.' }))).toEqual(['enc.bias', 'enc.weight']);
  });

  it('rejects duplicate and __proto__ keys that JSON.parse would merge', () => {
    const make = (json: string): Uint8Array => {
      const h = new TextEncoder().encode(json);
      const out = new Uint8Array(8 + h.length + 4);
      new DataView(out.buffer).setBigUint64(0, BigInt(h.length), true);
      out.set(h, 8);
      return out;
    };
    const entry = '{"dtype":"F32","shape":[1],"data_offsets":[0,4]}';
    expect(() => readSafetensors(make(`{"a":${entry},"a":${entry}}`))).toThrow(SafetensorsError);
    expect(() => readSafetensors(make(`{"a":${entry},"a":${entry}}`))).toThrow(/appears twice/);
    expect(() => readSafetensors(make(`{"__proto__":${entry}}`))).toThrow(/not allowed/);
    expect(readSafetensors(make(`{"a":${entry}}`)).tensors.size).toBe(1);
  });
});
