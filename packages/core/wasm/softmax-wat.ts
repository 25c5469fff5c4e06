import { HI_HALF } from './pool-loops-wat.js';

/**
 * WebAssembly text of softmax and log-softmax over the last axis of a float32 [rows, cols]
 * block, forward and backward (byte pointers; uses `$rowMax`, `$exp4`, `$log4`):
 *
 * - `softmax(x, rows, cols, y)`: m = max(row), e = exp(x - m), y = e / float32(sum(e)).
 * - `logSoftmax(x, rows, cols, y)`: y = (x - m) - log(float32(sum(exp(x - m)))).
 * - `softmaxGrad(y, dy, rows, cols, dx)`: dx = y * (dy - float32(sum(dy * y))), PyTorch's
 *   `_softmax_backward_data`.
 * - `logSoftmaxGrad(y, dy, rows, cols, dx)`: dx = dy - exp(y) * float32(sum(dy)).
 *
 * Each float32 element op is the one the composite ops do (the same roundings), the sums are
 * float64 on eight lanes in a fixed order as in `reduce-axis-wat.ts`. In-place (y = x) is fine.
 */

/**
 * A row loop over `$cols` elements: `body` sees the four elements' byte offset in `$i`
 * (vectors) and is run on the tail with a splat of one element (lane 0 is stored); `$acc0`,
 * `$acc1` (f64x2) take `sumOf` when given, merged into `$sum` (f64) at the end.
 */
function rowPass(label: string, body: (load: (base: string) => string, store: (base: string, v: string) => string) => { value?: string; effect?: string; sumOf?: string }): string {
  const vec = body(
    (base) => `(v128.load (i32.add (local.get ${base}) (local.get $i)))`,
    (base, v) => `(v128.store (i32.add (local.get ${base}) (local.get $i)) ${v})`,
  );
  const scalar = body(
    (base) => `(v128.load32_splat (i32.add (local.get ${base}) (local.get $i)))`,
    (base, v) => `(v128.store32_lane 0 (i32.add (local.get ${base}) (local.get $i)) ${v})`,
  );
  const accumulate = (sumOf: string | undefined, tail: boolean): string => {
    if (!sumOf) return '';
    if (tail) return `(local.set $sum (f64.add (local.get $sum) (f64.promote_f32 (f32x4.extract_lane 0 ${sumOf}))))`;
    return `(local.set $t ${sumOf})
        (local.set $acc0 (f64x2.add (local.get $acc0) (f64x2.promote_low_f32x4 (local.get $t))))
        (local.set $acc1 (f64x2.add (local.get $acc1) (f64x2.promote_low_f32x4 (${HI_HALF} (local.get $t) (local.get $t)))))`;
  };
  const merge = vec.sumOf
    ? `(local.set $acc0 (f64x2.add (local.get $acc0) (local.get $acc1)))
    (local.set $sum (f64.add (f64x2.extract_lane 0 (local.get $acc0)) (f64x2.extract_lane 1 (local.get $acc0))))`
    : '';
  return `
    (local.set $i (i32.const 0))
    (local.set $acc0 (v128.const i32x4 0 0 0 0)) (local.set $acc1 (v128.const i32x4 0 0 0 0)) (local.set $sum (f64.const 0))
    (block $${label}v (loop $${label}vl
      (br_if $${label}v (i32.gt_u (i32.add (local.get $i) (i32.const 16)) (local.get $bytes)))
      ${vec.effect ?? ''}
      ${accumulate(vec.sumOf, false)}
      (local.set $i (i32.add (local.get $i) (i32.const 16)))
      (br $${label}vl)))
    ${merge}
    (block $${label}t (loop $${label}tl
      (br_if $${label}t (i32.ge_u (local.get $i) (local.get $bytes)))
      ${scalar.effect ?? ''}
      ${accumulate(scalar.sumOf, true)}
      (local.set $i (i32.add (local.get $i) (i32.const 4)))
      (br $${label}tl)))`;
}

/** An exported function looping over rows; `$a`, `$b`, `$out` advance by a row each. */
function rowsFunction(name: string, params: string, perRow: string, advance: string[]): string {
  return `
  (func (export "${name}") ${params} (param $rows i32) (param $cols i32) (param $out i32)
    (local $r i32) (local $i i32) (local $bytes i32) (local $t v128) (local $acc0 v128) (local $acc1 v128) (local $sum f64)
    (local $m v128) (local $c v128)
    (local.set $bytes (i32.shl (local.get $cols) (i32.const 2)))
    (block $done (loop $row
      (br_if $done (i32.ge_u (local.get $r) (local.get $rows)))
      ${perRow}
      ${[...advance, '$out'].map((p) => `(local.set ${p} (i32.add (local.get ${p}) (local.get $bytes)))`).join('\n      ')}
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $row))))`;
}

const splatSum = '(f32x4.splat (f32.demote_f64 (local.get $sum)))';

const softmax = rowsFunction(
  'softmax',
  '(param $a i32)',
  `(local.set $m (f32x4.splat (call $rowMax (local.get $a) (local.get $cols))))
      ${rowPass('e', (load, store) => ({
        effect: store('$out', `(local.tee $t (call $exp4 (f32x4.sub ${load('$a')} (local.get $m))))`),
        sumOf: '(local.get $t)',
      }))}
      (local.set $c ${splatSum})
      ${rowPass('d', (load, store) => ({ effect: store('$out', `(f32x4.div ${load('$out')} (local.get $c))`) }))}`,
  ['$a'],
);

const logSoftmax = rowsFunction(
  'logSoftmax',
  '(param $a i32)',
  `(local.set $m (f32x4.splat (call $rowMax (local.get $a) (local.get $cols))))
      ${rowPass('e', (load) => ({ sumOf: `(call $exp4 (f32x4.sub ${load('$a')} (local.get $m)))` }))}
      (local.set $c (call $log4 ${splatSum}))
      ${rowPass('d', (load, store) => ({ effect: store('$out', `(f32x4.sub (f32x4.sub ${load('$a')} (local.get $m)) (local.get $c))`) }))}`,
  ['$a'],
);

const softmaxGrad = rowsFunction(
  'softmaxGrad',
  '(param $a i32) (param $b i32)',
  `${rowPass('s', (load) => ({ sumOf: `(f32x4.mul ${load('$b')} ${load('$a')})` }))}
      (local.set $c ${splatSum})
      ${rowPass('d', (load, store) => ({ effect: store('$out', `(f32x4.mul ${load('$a')} (f32x4.sub ${load('$b')} (local.get $c)))`) }))}`,
  ['$a', '$b'],
);

const logSoftmaxGrad = rowsFunction(
  'logSoftmaxGrad',
  '(param $a i32) (param $b i32)',
  `${rowPass('s', (load) => ({ sumOf: load('$b') }))}
      (local.set $c ${splatSum})
      ${rowPass('d', (load, store) => ({ effect: store('$out', `(f32x4.sub ${load('$b')} (f32x4.mul (call $exp4 ${load('$a')}) (local.get $c)))`) }))}`,
  ['$a', '$b'],
);

/** The softmax functions, to paste into a module with the row folds and the vector math. */
export const softmaxWat = (): string => [softmax, logSoftmax, softmaxGrad, logSoftmaxGrad].join('\n');
