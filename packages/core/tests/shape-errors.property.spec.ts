import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DTypeError, ShapeError, full, type DType, type Tensor } from '../src/index.js';
import { coreOp } from '../src/testing/core-ops.js';

const SEED = 20240611;
const RUNS = { seed: SEED, numRuns: 1000 };
const fmt = (s: readonly number[]): string => `[${s.join(',')}]`;

/** Makes zero-filled operands, runs `fn`, disposes everything; returns what `fn` threw (or null). */
function thrownBy(shapes: readonly (readonly number[])[], fn: (ts: Tensor[]) => Tensor, dtypes: DType[] = []): unknown {
  const ts = shapes.map((s, i) => full(s, 0, { dtype: dtypes[i] ?? 'float32' }));
  try {
    const r = fn(ts);
    r.dispose();
    return null;
  } catch (e) {
    return e;
  } finally {
    for (const t of ts) t.dispose();
  }
}

/** The error must be a ShapeError naming `op` and every shape as `[a,b]`. */
function assertShapeError(op: string, shapes: readonly (readonly number[])[], fn: (ts: Tensor[]) => Tensor): void {
  const e = thrownBy(shapes, fn);
  if (!(e instanceof ShapeError)) {
    throw new Error(`${op}(${shapes.map(fmt).join(', ')}) ${e === null ? 'returned a result' : `threw ${String(e)}`} instead of a ShapeError`);
  }
  expect(e.message).toContain(op);
  for (const s of shapes) expect(e.message).toContain(fmt(s));
}

const dim = fc.integer({ min: 1, max: 5 });
const shapeOf = (minRank: number, maxRank: number): fc.Arbitrary<number[]> => fc.array(dim, { minLength: minRank, maxLength: maxRank });
/** Two different sizes, both above 1 (so neither broadcasts). */
const twoSizes = fc.tuple(fc.integer({ min: 2, max: 6 }), fc.integer({ min: 2, max: 6 })).filter(([x, y]) => x !== y);

describe('invalid shapes throw ShapeError naming the op and both shapes (fast-check)', () => {
  it('matmul: inner dimensions or batch dimensions that differ', () => {
    const inner = fc.tuple(shapeOf(0, 2), shapeOf(0, 2), dim, dim, twoSizes).map(([ba, bb, m, n, [k1, k2]]): [number[], number[]] => [
      ba.length || m % 2 ? [...ba, m, k1] : [k1],
      bb.length || n % 2 ? [...bb, k2, n] : [k2],
    ]);
    const batch = fc.tuple(dim, dim, dim, twoSizes).map(([m, k, n, [p, q]]): [number[], number[]] => [
      [p, m, k],
      [q, k, n],
    ]);
    fc.assert(
      fc.property(fc.oneof(inner, batch), ([a, b]) => assertShapeError('matmul', [a, b], ([x, y]) => coreOp('matmul')(x, y))),
      RUNS,
    );
  });

  it('add: shapes that do not broadcast', () => {
    const pair = fc.tuple(shapeOf(1, 4), shapeOf(1, 4), twoSizes, fc.nat()).map(([a, b, [x, y], at]): [number[], number[]] => {
      const a2 = [...a];
      const b2 = [...b];
      const k = 1 + (at % Math.min(a.length, b.length));
      a2[a2.length - k] = x;
      b2[b2.length - k] = y;
      return [a2, b2];
    });
    fc.assert(fc.property(pair, ([a, b]) => assertShapeError('add', [a, b], ([x, y]) => coreOp('add')(x, y))), RUNS);
  });

  it('reshape: a target with a different element count', () => {
    const size = (s: number[]): number => s.reduce((p, d) => p * d, 1);
    const pair = fc.tuple(shapeOf(0, 4), fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 4 })).filter(([a, t]) => size(a) !== size(t));
    fc.assert(fc.property(pair, ([a, t]) => assertShapeError('reshape', [a, t], ([x]) => coreOp('reshape')(x, t))), RUNS);
  });

  it('cat: sizes that differ outside the cat dimension', () => {
    const pair = fc.tuple(shapeOf(2, 4), fc.nat(), fc.nat(), fc.integer({ min: 1, max: 4 })).map(([a, d, j, bump]): [number[], number[], number] => {
      const catDim = d % a.length;
      const other = (catDim + 1 + (j % (a.length - 1))) % a.length;
      const b = [...a];
      b[other] = a[other] + bump;
      return [a, b, catDim];
    });
    fc.assert(fc.property(pair, ([a, b, d]) => assertShapeError('cat', [a, b], ([x, y]) => coreOp('cat')([x, y], d))), RUNS);
  });

  it('conv2d: channel mismatch, kernel larger than the padded input, bad rank', () => {
    const channels = fc.tuple(dim, twoSizes, dim, fc.integer({ min: 3, max: 6 })).map(([n, [c, c2], o, hw]) => ({
      x: [n, c, hw, hw],
      w: [o, c2, 3, 3],
      padding: 0,
    }));
    const kernel = fc.tuple(dim, dim, dim, fc.integer({ min: 0, max: 1 }), fc.integer({ min: 1, max: 3 })).map(([n, c, h, padding, extra]) => ({
      x: [n, c, h, h + 2],
      w: [2, c, h + 2 * padding + extra, 1],
      padding,
    }));
    const rank = fc.tuple(fc.constantFrom(1, 2, 5), dim).map(([r, c]) => ({ x: [...Array<number>(r - 1).fill(2), c].reverse(), w: [2, c, 1, 1], padding: 0 }));
    const weightRank = fc.tuple(dim, fc.constantFrom(2, 3, 5)).map(([c, r]) => ({ x: [1, c, 4, 4], w: [2, c, 1, 1, 1].slice(0, r), padding: 0 }));
    fc.assert(
      fc.property(fc.oneof(channels, kernel, rank, weightRank), ({ x, w, padding }) =>
        assertShapeError('conv2d', [x, w], ([a, b]) => coreOp('conv2d')(a, b, undefined, { padding })),
      ),
      RUNS,
    );
  });
});

describe('dtype mismatches throw DTypeError naming both dtypes', () => {
  const cases: [string, number[][], (ts: Tensor[]) => Tensor][] = [
    ['matmul', [[2, 3], [3, 4]], ([a, b]) => coreOp('matmul')(a, b)],
    ['bmm', [[2, 2, 3], [2, 3, 4]], ([a, b]) => coreOp('bmm')(a, b)],
    ['linear', [[2, 3], [4, 3]], ([a, b]) => coreOp('linear')(a, b)],
    ['conv2d', [[1, 2, 4, 4], [3, 2, 3, 3]], ([a, b]) => coreOp('conv2d')(a, b)],
    ['mseLoss', [[2, 3], [2, 3]], ([a, b]) => coreOp('mseLoss')(a, b)],
  ];
  for (const [op, shapes, fn] of cases) {
    it(`${op}: float32 x int32`, () => {
      const e = thrownBy(shapes, fn, ['float32', 'int32']);
      expect(e, `${op} did not throw a DTypeError: ${String(e)}`).toBeInstanceOf(DTypeError);
      expect((e as Error).message).toContain(op);
      expect((e as Error).message).toContain('float32');
      expect((e as Error).message).toContain('int32');
    });
  }
});
