import { describe, expect, it } from 'vitest';
import type { DType } from '../tensor/dtype.js';
import type { Tensor } from '../tensor/tensor.js';
import { tensor } from './creation.js';
import { add, div, maximum, minimum, mul, pow, sub } from './binary.js';
import { sum } from './reduce.js';
import { where } from './where.js';

type BinaryOp = (a: Tensor, b: Tensor) => Tensor;

// Positive, distinct values keep pow's log and maximum's ties out of the way.
const A = [0.5, 1.25, 2, 3.5, 0.75, 1.5];
const B = [1.5, 0.25, 2.5, 1, 2, 0.5];
const COND = [true, false, true, false, false, true];

const OPS: Record<string, BinaryOp> = {
  add,
  sub,
  mul,
  div,
  maximum,
  minimum,
  pow,
  where: (a, b) => where(tensor(COND, { dtype: 'bool' }), a, b),
};

const PAIRS: readonly [DType, DType][] = [
  ['float32', 'float64'],
  ['float64', 'float32'],
  ['float32', 'int32'],
  ['int32', 'float64'],
];

const isFloat = (d: DType): boolean => d === 'float32' || d === 'float64';
const values = (v: readonly number[], dtype: DType): number[] => (dtype === 'int32' ? v.map((x) => Math.round(x + 1)) : [...v]);

async function gradValues(t: Tensor): Promise<number[]> {
  if (!t.grad) throw new Error(`no gradient reached the ${t.dtype} input`);
  expect(t.grad.dtype).toBe(t.dtype);
  return (await t.grad.toArray()) as number[];
}

/** d sum(op(a, b)) / d{a, b} for float64 inputs holding the same values: the reference. */
async function float64Grads(op: BinaryOp, a: number[], b: number[]): Promise<[number[], number[]]> {
  const ta = tensor(a, { dtype: 'float64', requiresGrad: true });
  const tb = tensor(b, { dtype: 'float64', requiresGrad: true });
  sum(op(ta, tb)).backward();
  return [await gradValues(ta), await gradValues(tb)];
}

describe('autograd through implicit type promotion', () => {
  for (const [name, op] of Object.entries(OPS)) {
    for (const [da, db] of PAIRS) {
      it(`${name}(${da}, ${db}): every float input gets its gradient, in its own dtype`, async () => {
        const [va, vb] = [values(A, da), values(B, db)];
        const ta = tensor(va, { dtype: da, requiresGrad: isFloat(da) });
        const tb = tensor(vb, { dtype: db, requiresGrad: isFloat(db) });
        const out = op(ta, tb);
        expect(out.requiresGrad || out.gradFn !== null, 'the result is attached to the graph').toBe(true);
        sum(out).backward();
        const [ga, gb] = await float64Grads(op, va, vb);
        for (const [t, ref] of [[ta, ga], [tb, gb]] as const) {
          if (!isFloat(t.dtype)) continue;
          const got = await gradValues(t);
          got.forEach((g, i) => expect(g).toBeCloseTo(ref[i], 5));
        }
      });
    }
  }
});
