import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { DType } from '../tensor/dtype.js';
import type { Tensor } from '../tensor/tensor.js';
import { fromValues } from './creation.js';

/** The PyTorch golden fixtures: FLINT_GOLDEN_DIR, else the repository's `fixtures/torch-golden`. */
export const GOLDEN_DIR =
  process.env.FLINT_GOLDEN_DIR ?? resolve(dirname(fileURLToPath(import.meta.url)), '../../../../fixtures/torch-golden');

interface Entry {
  dtype: string;
  shape: number[];
  data_offsets: [number, number];
}

const DTYPES: Record<string, DType> = { F32: 'float32', F64: 'float64', I32: 'int32', BOOL: 'bool' };

/** Reads a safetensors file (8-byte LE header length, JSON header, raw LE bytes) into CPU tensors. */
export function readSafetensors(path: string): Record<string, Tensor> {
  const buf = readFileSync(path);
  const headerLen = Number(buf.readBigUInt64LE(0));
  const header = JSON.parse(buf.subarray(8, 8 + headerLen).toString('utf8')) as Record<string, Entry | Record<string, string>>;
  const base = 8 + headerLen;
  const out: Record<string, Tensor> = {};
  for (const [name, e] of Object.entries(header)) {
    if (name === '__metadata__') continue;
    const { dtype, shape, data_offsets: [start, end] } = e as Entry;
    const dt = DTYPES[dtype];
    if (!dt) throw new Error(`${path}: tensor ${name} has unsupported dtype ${dtype}`);
    const bytes = buf.subarray(base + start, base + end);
    // Copy into a fresh, aligned buffer before viewing it as a typed array.
    const raw = new Uint8Array(bytes).buffer;
    const values =
      dt === 'float32' ? new Float32Array(raw) : dt === 'float64' ? new Float64Array(raw) : dt === 'int32' ? new Int32Array(raw) : new Uint8Array(raw);
    out[name] = fromValues(values, shape, { dtype: dt });
  }
  return out;
}

/** The tensors of op case `name` (ops/NAME.safetensors). */
export const loadOpCase = (name: string): Record<string, Tensor> => readSafetensors(resolve(GOLDEN_DIR, 'ops', `${name}.safetensors`));

/** `max|a-b| / max(1, max|b|)`, the fixtures' relative error. */
export function relErr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let diff = 0;
  let scale = 1;
  for (let i = 0; i < b.length; i++) {
    const d = Math.abs(a[i] - b[i]);
    diff = Number.isNaN(d) ? Infinity : Math.max(diff, d);
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return diff / scale;
}

/** Asserts `actual` has `expected`'s shape and values within `tol` relative error. */
export function expectClose(actual: Tensor | null, expected: Tensor, tol = 1e-4): void {
  if (!actual) throw new Error('expectClose: expected a tensor, got null (a missing gradient?)');
  expect(actual.shape).toEqual(expected.shape);
  expect(relErr(actual.dataSync(), expected.dataSync())).toBeLessThan(tol);
}
