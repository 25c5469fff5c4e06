import { describe, expect, it } from 'vitest';
import { reduceKernelsOn } from '../src/cpu/wasm/reduce-wasm.js';
import { createTensorHeap } from '../src/cpu/wasm/tensor-heap.js';

/** Distance in units in the last place between two float32 values (NaN only matches NaN). */
function ulps(a: number, b: number): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b) ? 0 : Infinity;
  if (a === b) return 0;
  const bits = new Int32Array(new Float32Array([a, b]).buffer);
  const ordered = (i: number): number => (bits[i] < 0 ? -0x80000000 - bits[i] : bits[i]);
  return Math.abs(ordered(0) - ordered(1));
}

const heap = createTensorHeap();
const compiled = reduceKernelsOn(heap);
if (!compiled) throw new Error('this runtime cannot compile the WASM reduction module (no SIMD)');
const kernels = compiled;

/** Runs `fn` ('expVec' | 'logVec') over float32 `inputs` (padded to a multiple of 4) in the heap. */
function runVec(fn: 'expVec' | 'logVec', inputs: Float32Array): Float32Array {
  const n = Math.ceil(inputs.length / 4) * 4;
  const x = heap.take('float32', n) as Float32Array;
  const y = heap.take('float32', n) as Float32Array;
  x.set(inputs);
  kernels[fn](heap.addressOf(x), n, heap.addressOf(y));
  const out = y.slice(0, inputs.length);
  heap.give(x);
  heap.give(y);
  return out;
}

/** Every 1009th float32 bit pattern (both signs): about 8.5 million values, every binade. */
function sweep(): Float32Array {
  const bits = new Uint32Array(Math.ceil(2 ** 32 / 1009));
  for (let i = 0; i < bits.length; i++) bits[i] = i * 1009;
  return new Float32Array(bits.buffer);
}

function worst(fn: 'expVec' | 'logVec', reference: (v: number) => number, inputs: Float32Array): { ulp: number; at: number } {
  const got = runVec(fn, inputs);
  let max = { ulp: 0, at: 0 };
  for (let i = 0; i < inputs.length; i++) {
    const d = ulps(got[i], Math.fround(reference(inputs[i])));
    if (d > max.ulp) max = { ulp: d, at: inputs[i] };
  }
  return max;
}

describe('vector exp and log of the WASM reduction module', () => {
  const specials = new Float32Array([0, -0, Infinity, -Infinity, NaN, 1, -1, 88.7, 88.8, 89, 100, -87.3, -100, -103.9, -104, -120, 1e-45, -1e-45, 1e-40, 3.4e38, 0.5, 2]);

  it('exp is within 2 ulp of Math.exp over a sweep of every binade, specials and denormal results included', () => {
    const { ulp, at } = worst('expVec', Math.exp, sweep());
    expect(ulp, `exp(${at})`).toBeLessThanOrEqual(2);
    expect(worst('expVec', Math.exp, specials).ulp).toBe(0);
  });

  it('exp of -inf is 0, of +inf and overflow is +inf, of NaN is NaN', () => {
    expect(Array.from(runVec('expVec', new Float32Array([-Infinity, Infinity, 89, NaN])))).toEqual([0, Infinity, Infinity, NaN]);
  });

  it('log is within 2 ulp of Math.log over a sweep of every binade, denormal inputs included', () => {
    const { ulp, at } = worst('logVec', Math.log, sweep());
    expect(ulp, `log(${at})`).toBeLessThanOrEqual(2);
  });

  it('log of 0 is -inf, of a negative or NaN is NaN, of +inf is +inf', () => {
    expect(Array.from(runVec('logVec', new Float32Array([0, -0, -1, NaN, Infinity, -Infinity, 1, 1e-45])))).toEqual([
      -Infinity, -Infinity, NaN, NaN, Infinity, NaN, 0, Math.fround(Math.log(Math.fround(1e-45))),
    ]);
  });
});
