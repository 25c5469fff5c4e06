import { HI_HALF } from './pool-loops-wat.js';

/**
 * WebAssembly text of the float32 sum and max reductions (byte pointers, element counts):
 *
 * - `sumRows(src, rows, cols, dst)`, `maxRows(...)`: dst[r] folds row r of a [rows, cols] block;
 *   `sumRows64` stores the float64 sums unrounded (a first stage of a multi-axis sum).
 *   Sums accumulate in float64 on eight lanes (element i on lane i mod 8), the lanes added in a
 *   fixed tree, then the tail in order: a fixed order that does not depend on anything but cols.
 *   The JS kernel adds a row in order, also in float64; the float32 results differ only where
 *   the two float64 sums straddle a float32 rounding boundary.
 * - `sumMiddle(src, outer, len, inner, dst)`, `maxMiddle(...)`: dst[o, k] folds src[o, 0..len, k]
 *   of an [outer, len, inner] block in order j = 0..len-1, four k at a time: exactly the JS
 *   kernel's order and float64 accumulator, so the results are bit-identical.
 *
 * Max keeps the JS kernel's rule `v > best || v !== v` per lane (NaN wins, -inf start); the
 * lanes of a row are merged with the same rule, so only the sign of a zero maximum tied between
 * +0 and -0 can come out differently.
 */

/** `best = (v > best || v != v) ? v : best` on four lanes. */
const maxStep = (best: string, v: string): string =>
  `(local.set ${best} (v128.bitselect ${v} (local.get ${best}) (v128.or (f32x4.gt ${v} (local.get ${best})) (f32x4.ne ${v} ${v}))))`;

/** The scalar form of {@link maxStep}. */
const maxStepScalar = (best: string, v: string): string =>
  `(local.set ${best} (select ${v} (local.get ${best}) (i32.or (f32.gt ${v} (local.get ${best})) (f32.ne ${v} ${v}))))`;

const promoteLo = (v: string): string => `(f64x2.promote_low_f32x4 ${v})`;
const promoteHi = (v: string): string => `(f64x2.promote_low_f32x4 (${HI_HALF} ${v} ${v}))`;

/** `$rowSum(p, n) -> f64` and `$rowMax(p, n) -> f32`: the fold of one contiguous row. */
const rowFoldsWat = `
  (func $rowSum (param $p i32) (param $n i32) (result f64)
    (local $end i32) (local $vend i32) (local $v v128) (local $w v128)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128) (local $s f64)
    (local.set $end (i32.add (local.get $p) (i32.shl (local.get $n) (i32.const 2))))
    (local.set $vend (i32.add (local.get $p) (i32.shl (i32.and (local.get $n) (i32.const -8)) (i32.const 2))))
    (block $done (loop $vec
      (br_if $done (i32.ge_u (local.get $p) (local.get $vend)))
      (local.set $v (v128.load (local.get $p)))
      (local.set $w (v128.load offset=16 (local.get $p)))
      (local.set $a0 (f64x2.add (local.get $a0) ${promoteLo('(local.get $v)')}))
      (local.set $a1 (f64x2.add (local.get $a1) ${promoteHi('(local.get $v)')}))
      (local.set $a2 (f64x2.add (local.get $a2) ${promoteLo('(local.get $w)')}))
      (local.set $a3 (f64x2.add (local.get $a3) ${promoteHi('(local.get $w)')}))
      (local.set $p (i32.add (local.get $p) (i32.const 32)))
      (br $vec)))
    (local.set $a0 (f64x2.add (f64x2.add (local.get $a0) (local.get $a2)) (f64x2.add (local.get $a1) (local.get $a3))))
    (local.set $s (f64.add (f64x2.extract_lane 0 (local.get $a0)) (f64x2.extract_lane 1 (local.get $a0))))
    (block $tdone (loop $tail
      (br_if $tdone (i32.ge_u (local.get $p) (local.get $end)))
      (local.set $s (f64.add (local.get $s) (f64.promote_f32 (f32.load (local.get $p)))))
      (local.set $p (i32.add (local.get $p) (i32.const 4)))
      (br $tail)))
    (local.get $s))

  (func $rowMax (param $p i32) (param $n i32) (result f32)
    (local $end i32) (local $vend i32) (local $v v128) (local $best v128) (local $s f32) (local $x f32)
    (local.set $end (i32.add (local.get $p) (i32.shl (local.get $n) (i32.const 2))))
    (local.set $vend (i32.add (local.get $p) (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2))))
    (local.set $best (v128.const f32x4 -inf -inf -inf -inf))
    (block $done (loop $vec
      (br_if $done (i32.ge_u (local.get $p) (local.get $vend)))
      (local.set $v (v128.load (local.get $p)))
      ${maxStep('$best', '(local.get $v)')}
      (local.set $p (i32.add (local.get $p) (i32.const 16)))
      (br $vec)))
    (local.set $s (f32.const -inf))
    ${[0, 1, 2, 3].map((l) => `(local.set $x (f32x4.extract_lane ${l} (local.get $best)))\n    ${maxStepScalar('$s', '(local.get $x)')}`).join('\n    ')}
    (block $tdone (loop $tail
      (br_if $tdone (i32.ge_u (local.get $p) (local.get $end)))
      (local.set $x (f32.load (local.get $p)))
      ${maxStepScalar('$s', '(local.get $x)')}
      (local.set $p (i32.add (local.get $p) (i32.const 4)))
      (br $tail)))
    (local.get $s))`;

/** The exported row reductions: one fold per row. */
const rowsExport = (name: string, fold: string): string => `
  (func (export "${name}") (param $src i32) (param $rows i32) (param $cols i32) (param $dst i32)
    (local $r i32)
    (block $done (loop $row
      (br_if $done (i32.ge_u (local.get $r) (local.get $rows)))
      ${fold}
      (local.set $src (i32.add (local.get $src) (i32.shl (local.get $cols) (i32.const 2))))
      (local.set $dst (i32.add (local.get $dst) (i32.const 4)))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $row))))`;

/**
 * An exported middle-axis reduction: for each o and each group of four k, `init` the
 * accumulators, `step` over j with the v128 at `$p` in `$v`, `store` the four results at `$q`;
 * then the scalar tail of k with `$x` at `$p`.
 */
function middleExport(name: string, parts: { locals: string; init: string; step: string; store: string; initScalar: string; stepScalar: string; storeScalar: string }): string {
  return `
  (func (export "${name}") (param $src i32) (param $outer i32) (param $len i32) (param $inner i32) (param $dst i32)
    (local $o i32) (local $k i32) (local $j i32) (local $p i32) (local $q i32) (local $stride i32) (local $base i32) (local $v v128) (local $x f32)
    ${parts.locals}
    (local.set $stride (i32.shl (local.get $inner) (i32.const 2)))
    (local.set $q (local.get $dst))
    (block $odone (loop $oloop
      (br_if $odone (i32.ge_u (local.get $o) (local.get $outer)))
      (local.set $base (i32.add (local.get $src) (i32.mul (i32.mul (local.get $o) (local.get $len)) (local.get $stride))))
      (local.set $k (i32.const 0))
      (block $kdone (loop $kloop
        (br_if $kdone (i32.gt_u (i32.add (local.get $k) (i32.const 4)) (local.get $inner)))
        ${parts.init}
        (local.set $p (i32.add (local.get $base) (i32.shl (local.get $k) (i32.const 2))))
        (local.set $j (i32.const 0))
        (block $jdone (loop $jloop
          (br_if $jdone (i32.ge_u (local.get $j) (local.get $len)))
          (local.set $v (v128.load (local.get $p)))
          ${parts.step}
          (local.set $p (i32.add (local.get $p) (local.get $stride)))
          (local.set $j (i32.add (local.get $j) (i32.const 1)))
          (br $jloop)))
        ${parts.store}
        (local.set $q (i32.add (local.get $q) (i32.const 16)))
        (local.set $k (i32.add (local.get $k) (i32.const 4)))
        (br $kloop)))
      (block $tdone (loop $tloop
        (br_if $tdone (i32.ge_u (local.get $k) (local.get $inner)))
        ${parts.initScalar}
        (local.set $p (i32.add (local.get $base) (i32.shl (local.get $k) (i32.const 2))))
        (local.set $j (i32.const 0))
        (block $sdone (loop $sloop
          (br_if $sdone (i32.ge_u (local.get $j) (local.get $len)))
          (local.set $x (f32.load (local.get $p)))
          ${parts.stepScalar}
          (local.set $p (i32.add (local.get $p) (local.get $stride)))
          (local.set $j (i32.add (local.get $j) (i32.const 1)))
          (br $sloop)))
        ${parts.storeScalar}
        (local.set $q (i32.add (local.get $q) (i32.const 4)))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $tloop)))
      (local.set $o (i32.add (local.get $o) (i32.const 1)))
      (br $oloop))))`;
}

const sumMiddle = middleExport('sumMiddle', {
  locals: '(local $a0 v128) (local $a1 v128) (local $s f64)',
  init: '(local.set $a0 (v128.const i32x4 0 0 0 0)) (local.set $a1 (v128.const i32x4 0 0 0 0))',
  step: `(local.set $a0 (f64x2.add (local.get $a0) ${promoteLo('(local.get $v)')}))
          (local.set $a1 (f64x2.add (local.get $a1) ${promoteHi('(local.get $v)')}))`,
  store: `(v128.store (local.get $q) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
          (f32x4.demote_f64x2_zero (local.get $a0)) (f32x4.demote_f64x2_zero (local.get $a1))))`,
  initScalar: '(local.set $s (f64.const 0))',
  stepScalar: '(local.set $s (f64.add (local.get $s) (f64.promote_f32 (local.get $x))))',
  storeScalar: '(f32.store (local.get $q) (f32.demote_f64 (local.get $s)))',
});

const maxMiddle = middleExport('maxMiddle', {
  locals: '(local $best v128) (local $s f32)',
  init: '(local.set $best (v128.const f32x4 -inf -inf -inf -inf))',
  step: maxStep('$best', '(local.get $v)'),
  store: '(v128.store (local.get $q) (local.get $best))',
  initScalar: '(local.set $s (f32.const -inf))',
  stepScalar: maxStepScalar('$s', '(local.get $x)'),
  storeScalar: '(f32.store (local.get $q) (local.get $s))',
});

/** The reduction functions, with the row folds `$rowSum` and `$rowMax` (which `softmax-wat.ts` also calls). */
export const reduceAxisWat = (): string =>
  [
    rowFoldsWat,
    rowsExport('sumRows', '(f32.store (local.get $dst) (f32.demote_f64 (call $rowSum (local.get $src) (local.get $cols))))'),
    rowsExport('sumRows64', '(f64.store (local.get $dst) (call $rowSum (local.get $src) (local.get $cols))) (local.set $dst (i32.add (local.get $dst) (i32.const 4)))'),
    rowsExport('maxRows', '(f32.store (local.get $dst) (call $rowMax (local.get $src) (local.get $cols)))'),
    sumMiddle,
    maxMiddle,
  ].join('\n');
