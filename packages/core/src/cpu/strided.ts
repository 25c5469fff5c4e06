import type { TensorInfo } from '../backend/backend.js';
import type { Shape } from '../tensor/shape.js';
import { broadcastStrides, coalesceDims } from '../kernel-kit/layout.js';

/**
 * Strided iteration for elementwise kernels. The output is dense; each input is a view with
 * its own strides (0 on broadcast dimensions). Dimensions that are contiguous for every operand
 * are merged first, so most calls become one long row. Kernels supply a row function with a
 * tight loop; it is called once per row, never per element.
 */

/**
 * Calls `row(outOffset, inOffsets, length, innerStrides)` for every innermost row of the
 * output. `inOffsets` is reused between calls: read it, don't keep it.
 */
export function forEachRow(
  outShape: Shape,
  inputs: readonly TensorInfo[],
  row: (out: number, offs: Int32Array, n: number, steps: Int32Array) => void,
): void {
  let total = 1;
  for (const d of outShape) total *= d;
  if (total === 0) return;
  const k = inputs.length;
  const { shape, strides } = coalesceDims(outShape, inputs.map((x) => broadcastStrides(x, outShape)));
  const offs = Int32Array.from(inputs, (x) => x.offset);
  const nd = shape.length;
  if (nd === 0) {
    row(0, offs, 1, new Int32Array(k));
    return;
  }
  const n = shape[nd - 1];
  const steps = Int32Array.from(strides, (s) => s[nd - 1]);
  const counters = new Int32Array(nd);
  for (let out = 0; out < total; out += n) {
    row(out, offs, n, steps);
    for (let d = nd - 2; d >= 0; d--) {
      counters[d]++;
      for (let j = 0; j < k; j++) offs[j] += strides[j][d];
      if (counters[d] < shape[d]) break;
      for (let j = 0; j < k; j++) offs[j] -= strides[j][d] * shape[d];
      counters[d] = 0;
    }
  }
}
