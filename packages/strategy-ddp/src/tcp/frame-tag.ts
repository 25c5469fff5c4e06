import type { ReduceOp } from '@flint/core';
import type { HostArray } from '../host-collective.js';

/** The collectives a frame can belong to (3 bits; 0, 6 and 7 unused, so no tag is BYE or HELLO). */
export const FRAME_KINDS = { allReduce: 1, broadcast: 2, allGather: 3, reduceScatter: 4, barrier: 5 } as const;
export type FrameKind = keyof typeof FRAME_KINDS;
const REDUCE_OPS: readonly ReduceOp[] = ['sum', 'avg', 'max', 'min'];
const COUNT_BITS = 18;
const COUNT_MASK = (1 << COUNT_BITS) - 1;

/** The element count folded into 18 bits: counts that differ by less than 2^18 always differ here. */
function foldCount(count: number): number {
  const span = 2 ** COUNT_BITS;
  return (count % span) ^ (Math.floor(count / span) % span) ^ (Math.floor(count / span / span) % span);
}

/**
 * The 32-bit tag every frame of one collective call carries: the call's sequence number (low 8
 * bits), kind (3 bits), reduce op (2), dtype (1: float32 or int32) and element count (18,
 * folded). A receiving rank accepts only frames whose tag equals its own call's, so ranks that
 * disagree on any of these fail instead of mixing a sum with a max or ints with floats.
 */
export function frameTag(seq: number, kind: FrameKind, buf: HostArray, op: ReduceOp): number {
  const opBits = kind === 'allReduce' || kind === 'reduceScatter' ? REDUCE_OPS.indexOf(op) : 0;
  const dtype = buf instanceof Int32Array ? 1 : 0;
  return (((seq & 0xff) << 24) | (FRAME_KINDS[kind] << 21) | (opBits << 19) | (dtype << 18) | foldCount(buf.length)) >>> 0;
}

/** What a tag says, for error messages: `allReduce #3 (max, int32, count fold 1000)`. */
export function describeTag(tag: number): string {
  const kinds = Object.keys(FRAME_KINDS) as FrameKind[];
  const kind = kinds.find((k) => FRAME_KINDS[k] === ((tag >>> 21) & 7)) ?? 'unknown op';
  const reduce = kind === 'allReduce' || kind === 'reduceScatter' ? `${REDUCE_OPS[(tag >>> 19) & 3]}, ` : '';
  return `${kind} #${tag >>> 24} (${reduce}${(tag >>> 18) & 1 ? 'int32' : 'float32'}, count fold ${tag & COUNT_MASK})`;
}
