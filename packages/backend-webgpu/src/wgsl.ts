import type { DType } from '@flint/core';
import { assertSupported } from './unsupported.js';
import { indexFaultWgsl } from './index-faults.js';

/** WGSL scalar type a dtype is stored as: bool is u32 (0 or 1). */
export function wgslType(dtype: DType): 'f32' | 'i32' | 'u32' {
  assertSupported('allocate', dtype);
  return dtype === 'float32' ? 'f32' : dtype === 'int32' ? 'i32' : 'u32';
}

/** `expr` (a value of `from`) converted to `to`'s WGSL type; bool results are 0u or 1u. */
export function convert(expr: string, from: DType, to: DType): string {
  if (from === to) return expr;
  if (to === 'bool') return `select(0u, 1u, ${expr} != ${wgslType(from)}(0))`;
  return `${wgslType(to)}(${expr})`;
}

/** Workgroup size of the one-thread-per-element programs. */
export const WG = 256;
/** Most workgroups per dispatch dimension WebGPU guarantees. */
export const MAX_GROUPS = 65535;

/** A 2-D grid of `groups` workgroups (x at most 65535), for one thread or group per element. */
export function grid(groups: number): [number, number, number] {
  if (groups <= MAX_GROUPS) return [Math.max(groups, 0), 1, 1];
  const y = Math.ceil(groups / MAX_GROUPS);
  return [Math.ceil(groups / y), y, 1];
}

/** `grid` for `n` elements at `WG` threads a workgroup. */
export const elementGrid = (n: number): [number, number, number] => grid(Math.ceil(n / WG));

/**
 * Storage binding declarations: `read` names, then read_write ones, then (with `faults`) the
 * index-fault record (`index-faults.ts`), then `prm` (the i32 meta block).
 */
export function bindings(reads: [string, DType][], writes: [string, DType][], faults = false): string {
  const lines: string[] = [];
  let b = 0;
  for (const [n, d] of reads) lines.push(`@group(0) @binding(${b++}) var<storage, read> ${n}: array<${wgslType(d)}>;`);
  for (const [n, d] of writes) lines.push(`@group(0) @binding(${b++}) var<storage, read_write> ${n}: array<${wgslType(d)}>;`);
  if (faults) lines.push(indexFaultWgsl(b++));
  lines.push(`@group(0) @binding(${b}) var<storage, read> prm: array<i32>;`);
  return lines.join('\n');
}

/** Entry point of a one-thread-per-element program: `i` is the element, `n` is prm[0]. */
export function elementMain(body: string): string {
  return `
@compute @workgroup_size(${WG})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * ${WG}u;
  let n = u32(prm[0]);
  if (i >= n) { return; }
${body}
}`;
}

/** Entry point of a one-workgroup-per-output program: `o` is the output, `t` the thread. */
export function groupMain(body: string): string {
  return `
@compute @workgroup_size(${WG})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) t: u32, @builtin(num_workgroups) nwg: vec3<u32>) {
  let o = wid.x + wid.y * nwg.x;
${body}
}`;
}

/**
 * ±infinity and NaN. WGSL rejects them as constant expressions, so the bits are or-ed with a
 * runtime zero (from the meta block) to keep them out of constant evaluation.
 */
export const runtimeBits = (hex: string): string => `bitcast<f32>(${hex}u | (u32(prm[0]) & 0u))`;
export const F32_INF = runtimeBits('0x7f800000');
export const F32_NEG_INF = runtimeBits('0xff800000');
export const F32_NAN = runtimeBits('0x7fc00000');

/** The largest and smallest value of a dtype's WGSL type, as identities of max and min. */
export function lowest(dtype: DType): string {
  return dtype === 'float32' ? F32_NEG_INF : dtype === 'int32' ? 'i32(-2147483647 - 1)' : '0u';
}
export function highest(dtype: DType): string {
  return dtype === 'float32' ? F32_INF : dtype === 'int32' ? '2147483647i' : '0xffffffffu';
}

/** A float's bits as an i32, to pass float attributes in the i32 meta buffer. */
export function floatBits(v: number): number {
  const f = new Float32Array([v]);
  return new Int32Array(f.buffer)[0];
}
