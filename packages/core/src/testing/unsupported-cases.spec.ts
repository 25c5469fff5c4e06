import { describe, expect, it } from 'vitest';
import { DTypeError, ShapeError } from '../tensor/errors.js';
import { declaredRefusal, expectRefusal, refusedEverywhere, type UnsupportedCase } from './unsupported-cases.js';

const table: UnsupportedCase[] = [
  { kernel: '*', dtype: 'float64', reason: 'no f64 in WGSL' },
  { kernel: 'Erf', dtype: 'int32', reason: 'erf of integers is not defined here' },
];

describe('unsupported cases', () => {
  it('finds the entry that refuses every kernel of a dtype', () => {
    expect(refusedEverywhere(table, 'float64')?.reason).toBe('no f64 in WGSL');
    expect(refusedEverywhere(table, 'int32')).toBeUndefined();
  });

  it('matches only a DTypeError with the declared dtype, reason and kernel', () => {
    const err = (m: string): DTypeError => new DTypeError(m);
    expect(declaredRefusal(table, 'float64', err('upload: dtype float64 is not supported on webgpu: no f64 in WGSL'))).toBe(table[0]);
    expect(declaredRefusal(table, 'int32', err('Erf: dtype int32 is not supported: erf of integers is not defined here'))).toBe(table[1]);
    expect(declaredRefusal(table, 'int32', err('Exp: dtype int32 is not supported: erf of integers is not defined here'))).toBeUndefined();
    expect(declaredRefusal(table, 'float64', err('upload: dtype float64: some other reason'))).toBeUndefined();
    expect(declaredRefusal(table, 'float64', new ShapeError('upload: float64: no f64 in WGSL'))).toBeUndefined();
  });

  it('asserts the refusal: a case that runs or fails otherwise is a problem', async () => {
    const refuse = (): Promise<never> => Promise.reject(new DTypeError('allocate: dtype float64 is not supported on webgpu: no f64 in WGSL'));
    expect(await expectRefusal(refuse, table[0])).toEqual([]);
    expect((await expectRefusal(() => Promise.resolve(1), table[0]))[0]).toMatch(/but it ran/);
    expect((await expectRefusal(() => Promise.reject(new Error('boom')), table[0]))[0]).toMatch(/failed otherwise: Error: boom/);
  });
});
