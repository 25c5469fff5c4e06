import type { Tensor } from '@flint/core';
import { CollectiveMismatchError } from './errors.js';

/** Ints per signature: sequence number, op, dtype, rank of the shape, then up to 8 dims. */
const SIG_INTS = 12;
const MAX_DIMS = SIG_INTS - 4;
const OPS = ['allReduce', 'broadcast', 'allGather', 'allGatherInto', 'gather', 'scatter', 'reduceScatter', 'barrier'] as const;
const DTYPES = ['none', 'float32', 'int32'] as const;

/**
 * One collective call as int32s, for the debug-mode check that every rank makes the same call
 * (PyTorch's TORCH_DISTRIBUTED_DEBUG=DETAIL): its sequence number in the group, op, dtype and
 * shape. Shapes of more than 8 dims compare their first 7 and the product of the rest.
 */
export function callSignature(seq: number, op: string, t: Tensor | undefined): Int32Array {
  return hostCallSignature(seq, op, t?.dtype, t?.shape ?? []);
}

/** `callSignature` of a call on host values of `dtype` and `shape` (none for a barrier). */
export function hostCallSignature(seq: number, op: string, dtype: string | undefined, shape: readonly number[]): Int32Array {
  const sig = new Int32Array(SIG_INTS);
  sig[0] = seq;
  sig[1] = OPS.indexOf(op as (typeof OPS)[number]);
  sig[2] = dtype ? DTYPES.indexOf(dtype as (typeof DTYPES)[number]) : 0;
  sig[3] = shape.length;
  shape.forEach((d, i) => {
    if (i < MAX_DIMS) sig[4 + i] = d;
    else sig[4 + MAX_DIMS - 1] *= d;
  });
  return sig;
}

function describe(sig: Int32Array | Float32Array): string {
  const ndim = sig[3];
  const dims = Array.from(sig.subarray(4, 4 + Math.min(ndim, MAX_DIMS)));
  const what = sig[2] === 0 ? '' : ` ${DTYPES[sig[2]] ?? '?'} [${dims.join(', ')}]`;
  return `${OPS[sig[1]] ?? '?'} #${sig[0]}${what}`;
}

/**
 * Compares every rank's signature (`all`: worldSize signatures, rank order) with this rank's;
 * every rank sees the same gathered values, so every rank throws the same
 * `CollectiveMismatchError`, naming each rank's call.
 */
export function checkSignatures(name: string, all: Int32Array | Float32Array, worldSize: number): void {
  const sigs = Array.from({ length: worldSize }, (_, r) => all.subarray(r * SIG_INTS, (r + 1) * SIG_INTS));
  if (sigs.every((s) => s.every((v, i) => v === sigs[0][i]))) return;
  const calls = sigs.map((s, r) => `rank ${r}: ${describe(s)}`).join('; ');
  throw new CollectiveMismatchError(`${name}: ranks made different collective calls (debug check): ${calls}`);
}
