import type { Tensor } from './tensor.js';

/** Node's hook for `console.log` / `util.inspect` (a registered symbol, so no `node:util` import). */
export const INSPECT_CUSTOM = Symbol.for('nodejs.util.inspect.custom');

/** Above this many elements only the first and last EDGE_ITEMS of each dimension print (PyTorch's defaults). */
const SUMMARY_THRESHOLD = 1000;
const EDGE_ITEMS = 3;

/** One number as text: PyTorch's 4 decimals, scientific notation for very large or small magnitudes. */
function cellFormatter(values: ArrayLike<number>, dtype: string): (v: number) => string {
  if (dtype === 'bool') return (v) => (v ? 'true' : 'false');
  if (dtype === 'int32') return (v) => String(v);
  let max = 0;
  let minNonZero = Infinity;
  let integral = true;
  for (let i = 0; i < values.length; i++) {
    const a = Math.abs(values[i]);
    if (!Number.isFinite(a)) continue;
    max = Math.max(max, a);
    if (a > 0) minNonZero = Math.min(minNonZero, a);
    if (!Number.isInteger(values[i])) integral = false;
  }
  const special = (v: number): string | null => (Number.isNaN(v) ? 'nan' : v === Infinity ? 'inf' : v === -Infinity ? '-inf' : null);
  if (max >= 1e8 || (!integral && minNonZero < 1e-4)) return (v) => special(v) ?? v.toExponential(4);
  if (integral) return (v) => special(v) ?? `${v}.`;
  return (v) => special(v) ?? v.toFixed(4);
}

/** Nested brackets of `values` (row-major, `shape`), each dimension cut to its edges when `summarize`. */
function nested(values: ArrayLike<number>, shape: readonly number[], summarize: boolean, cell: (v: number) => string, indent: number): string {
  if (shape.length === 0) return cell(values[0]);
  const strides = shape.map((_, d) => shape.slice(d + 1).reduce((a, b) => a * b, 1));
  const shown = (n: number): number[] =>
    summarize && n > 2 * EDGE_ITEMS
      ? [...Array.from({ length: EDGE_ITEMS }, (_, i) => i), -1, ...Array.from({ length: EDGE_ITEMS }, (_, i) => n - EDGE_ITEMS + i)]
      : Array.from({ length: n }, (_, i) => i);
  const width = Math.max(...Array.from(values, (v) => cell(v).length), 1);
  const rec = (dim: number, base: number, pad: number): string => {
    const idx = shown(shape[dim]);
    if (dim === shape.length - 1) return `[${idx.map((i) => (i < 0 ? '...' : cell(values[base + i]).padStart(width))).join(', ')}]`;
    const sep = `,${'\n'.repeat(shape.length - dim - 1)}${' '.repeat(pad + 1)}`;
    return `[${idx.map((i) => (i < 0 ? '...' : rec(dim + 1, base + i * strides[dim], pad + 1))).join(sep)}]`;
  };
  return rec(0, 0, indent);
}

/**
 * What `console.log(x)` prints in Node, as PyTorch's repr does: the values (every one up to
 * 1000 elements, else the first and last 3 of each dimension), then shape, dtype and device.
 * A tensor on a device that reads asynchronously (WebGPU) shows no values: reading them would
 * block, so the text says how to read them.
 */
export function formatTensor(t: Tensor): string {
  const tail = `shape=[${t.shape.join(', ')}], dtype=${t.dtype}, device=${t.isDisposed ? '?' : t.device}${t.requiresGrad ? ', requiresGrad=true' : ''}`;
  if (t.isDisposed) return `tensor(<disposed>, ${tail})`;
  if (!t.storage.backend.readSync) return `tensor(<on ${t.device}: await x.toArray() to read>, ${tail})`;
  const values = t.dataSync();
  const body = nested(values, t.shape, t.size > SUMMARY_THRESHOLD, cellFormatter(values, t.dtype), 'tensor('.length);
  return `tensor(${body}, ${tail})`;
}
