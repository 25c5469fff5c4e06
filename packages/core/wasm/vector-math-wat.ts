/**
 * WebAssembly text of `$exp4` and `$log4`: float32 exp and log on four lanes at once, with the
 * range reduction and minimax polynomials of Cephes' `expf`/`logf` (within 2 ulp of the
 * correctly rounded result; tests/reduce-wasm-math.spec.ts sweeps them against Math.exp/log).
 *
 * Special values follow Math.exp / Math.log rounded to float32: exp(-inf) = 0, exp(+inf) = +inf,
 * exp overflows to +inf above ~88.72 and underflows through the denormals to 0 below ~-103.97;
 * log(0) = -inf, log(x < 0) = NaN, log(+inf) = +inf, denormal inputs are scaled up first; NaN
 * stays NaN in both.
 */

/**
 * Splat constants as immutable v128 globals, one per distinct value: V8 builds an inline
 * `v128.const` from immediates each time, a global is one load (exp measured about 20% faster).
 */
const constants = new Map<string, string>();
function splat(shape: 'f32x4' | 'i32x4', v: number | string): string {
  const text = `${shape} ${v} ${v} ${v} ${v}`;
  let name = constants.get(text);
  if (name === undefined) constants.set(text, (name = `$k${constants.size}`));
  return `(global.get ${name})`;
}
const f4 = (v: number | string): string => splat('f32x4', v);
const i4 = (v: number | string): string => splat('i32x4', v);

const exp4 = `
  (func $exp4 (param $x v128) (result v128)
    (local $n v128) (local $r v128) (local $p v128) (local $t v128)
    ;; pmax/pmin (one instruction each) keep a NaN x; +-inf clamp to where the result is already +inf or 0.
    (local.set $x (f32x4.pmin (f32x4.pmax (local.get $x) ${f4(-104)}) ${f4(89)}))
    ;; n = nearest(x log2 e): adding 1.5 * 2^23 rounds to an integer (ties to even) in the low mantissa bits.
    (local.set $t (f32x4.add (f32x4.mul (local.get $x) ${f4('1.44269504088896341')}) ${f4(12582912)}))
    (local.set $n (f32x4.sub (local.get $t) ${f4(12582912)}))
    ;; x - n ln2 in two steps; n * 0.693359375 is exact (9 + 8 significant bits).
    (local.set $r (f32x4.sub (f32x4.sub (local.get $x) (f32x4.mul (local.get $n) ${f4(0.693359375)}))
                             (f32x4.mul (local.get $n) ${f4(-2.12194440e-4)})))
    (local.set $p ${f4(1.9875691500e-4)})
    ${[1.3981999507e-3, 8.3334519073e-3, 4.1665795894e-2, 1.6666665459e-1, 5.0000001201e-1]
      .map((c) => `(local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) ${f4(c)}))`)
      .join('\n    ')}
    (local.set $p (f32x4.add (f32x4.add (f32x4.mul (local.get $p) (f32x4.mul (local.get $r) (local.get $r))) (local.get $r)) ${f4(1)}))
    ;; 2^n p in two factors (n1 = n >> 1, n - n1), so results in the denormals are rounded once.
    (local.set $t (i32x4.sub (local.get $t) ${i4(0x4b400000)}))
    (local.set $n (i32x4.shr_s (local.get $t) (i32.const 1)))
    (f32x4.mul
      (f32x4.mul (local.get $p) (i32x4.shl (i32x4.add (local.get $n) ${i4(127)}) (i32.const 23)))
      (i32x4.shl (i32x4.add (i32x4.sub (local.get $t) (local.get $n)) ${i4(127)}) (i32.const 23))))`;

const LOG_POLY = [7.0376836292e-2, -1.151461031e-1, 1.1676998740e-1, -1.2420140846e-1, 1.4249322787e-1, -1.6668057665e-1, 2.0000714765e-1, -2.4999993993e-1, 3.3333331174e-1];

const log4 = `
  (func $log4 (param $x v128) (result v128)
    (local $bits v128) (local $e v128) (local $m v128) (local $small v128) (local $z v128) (local $y v128) (local $denormal v128) (local $out v128)
    ;; Denormals: scale by 2^25 first and take 25 off the exponent.
    (local.set $denormal (f32x4.lt (local.get $x) ${f4('0x1p-126')}))
    (local.set $bits (v128.bitselect (f32x4.mul (local.get $x) ${f4('0x1p25')}) (local.get $x) (local.get $denormal)))
    (local.set $e (i32x4.sub (i32x4.shr_u (local.get $bits) (i32.const 23)) ${i4(126)}))
    (local.set $e (i32x4.sub (local.get $e) (v128.and (local.get $denormal) ${i4(25)})))
    ;; Mantissa in [0.5, 1); below sqrt(1/2) take one more factor of two into it.
    (local.set $m (v128.or (v128.and (local.get $bits) ${i4(0x007fffff)}) ${i4(0x3f000000)}))
    (local.set $small (f32x4.lt (local.get $m) ${f4('0.707106781186547524')}))
    (local.set $e (i32x4.add (local.get $e) (local.get $small)))
    (local.set $m (f32x4.sub (f32x4.add (local.get $m) (v128.and (local.get $m) (local.get $small))) ${f4(1)}))
    (local.set $z (f32x4.mul (local.get $m) (local.get $m)))
    (local.set $y ${f4(LOG_POLY[0])})
    ${LOG_POLY.slice(1)
      .map((c) => `(local.set $y (f32x4.add (f32x4.mul (local.get $y) (local.get $m)) ${f4(c)}))`)
      .join('\n    ')}
    (local.set $y (f32x4.mul (f32x4.mul (local.get $y) (local.get $m)) (local.get $z)))
    (local.set $e (f32x4.convert_i32x4_s (local.get $e)))
    (local.set $y (f32x4.add (local.get $y) (f32x4.mul (local.get $e) ${f4(-2.12194440e-4)})))
    (local.set $y (f32x4.sub (local.get $y) (f32x4.mul (local.get $z) ${f4(0.5)})))
    (local.set $out (f32x4.add (f32x4.add (local.get $m) (local.get $y)) (f32x4.mul (local.get $e) ${f4(0.693359375)})))
    ;; x == 0: -inf; x < 0 or NaN: NaN; x == +inf: +inf.
    (local.set $out (v128.bitselect ${f4('-inf')} (local.get $out) (f32x4.eq (local.get $x) ${f4(0)})))
    (local.set $out (v128.bitselect (local.get $x) (local.get $out) (f32x4.eq (local.get $x) ${f4('inf')})))
    (v128.bitselect (local.get $out) ${f4('nan')} (f32x4.ge (local.get $x) ${f4(0)})))`;

/** The helper functions `$exp4` and `$log4` with their constants, to paste into a module. */
export const vectorMathWat = (): string =>
  [...[...constants].map(([text, name]) => `  (global ${name} v128 (v128.const ${text}))`), exp4, log4].join('\n');
