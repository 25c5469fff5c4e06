/**
 * Loop scaffolding shared by `max-pool-wat.ts` and `avg-pool-wat.ts`: NCHW planes, sizes in
 * elements, `g` = planes, h, w, oh, ow, kh, kw, sh, sw, ph, pw as in `pool-geometry.ts`.
 */

export const GEOMETRY = '(param $planes i32) (param $h i32) (param $w i32) (param $oh i32) (param $ow i32) (param $kh i32) (param $kw i32) (param $sh i32) (param $sw i32) (param $ph i32) (param $pw i32)';
export const LOOP_LOCALS = '(local $pl i32) (local $y i32) (local $xo i32) (local $y0 i32) (local $y1 i32) (local $x0 i32) (local $x1 i32) (local $iy i32) (local $ix i32) (local $base i32) (local $o i32)';

export const i32max = (a: string, b: string): string => `(select ${a} ${b} (i32.gt_s ${a} ${b}))`;
export const i32min = (a: string, b: string): string => `(select ${a} ${b} (i32.lt_s ${a} ${b}))`;
export const get = (n: string): string => `(local.get $${n})`;
export const addr = (base: string, index: string): string => `(i32.add ${base} (i32.shl ${index} (i32.const 2)))`;

/**
 * Loops every output (pl, y, xo) with its clipped window [y0, y1) x [x0, x1); `$base` = plane
 * start (elements), `$o` = output index. With `body4`, four outputs at a time run it instead
 * where the stride is 1 and their windows lie inside the row (x0 = xo - pw, no clipping).
 */
export function windows(body: string, body4?: string): string {
  const four = body4
    ? `
          (if (i32.and (i32.eq ${get('sw')} (i32.const 1))
                (i32.and (i32.ge_s ${get('xo')} ${get('pw')})
                  (i32.and (i32.le_s (i32.add ${get('xo')} (i32.const 4)) ${get('ow')})
                    (i32.le_s (i32.add (i32.sub (i32.add ${get('xo')} (i32.const 3)) ${get('pw')}) ${get('kw')}) ${get('w')}))))
            (then
              (local.set $x0 (i32.sub ${get('xo')} ${get('pw')}))
              ${body4}
              (local.set $o (i32.add ${get('o')} (i32.const 4)))
              (local.set $xo (i32.add ${get('xo')} (i32.const 4)))
              (br $xloop)))`
    : '';
  return `
    (block $pdone (loop $ploop
      (br_if $pdone (i32.ge_u ${get('pl')} ${get('planes')}))
      (local.set $base (i32.mul ${get('pl')} (i32.mul ${get('h')} ${get('w')})))
      (local.set $y (i32.const 0))
      (block $ydone (loop $yloop
        (br_if $ydone (i32.ge_s ${get('y')} ${get('oh')}))
        (local.set $y0 ${i32max('(i32.sub (i32.mul (local.get $y) (local.get $sh)) (local.get $ph))', '(i32.const 0)')})
        (local.set $y1 ${i32min('(i32.add (i32.sub (i32.mul (local.get $y) (local.get $sh)) (local.get $ph)) (local.get $kh))', get('h'))})
        (local.set $xo (i32.const 0))
        (block $xdone (loop $xloop
          (br_if $xdone (i32.ge_s ${get('xo')} ${get('ow')}))${four}
          (local.set $x0 ${i32max('(i32.sub (i32.mul (local.get $xo) (local.get $sw)) (local.get $pw))', '(i32.const 0)')})
          (local.set $x1 ${i32min('(i32.add (i32.sub (i32.mul (local.get $xo) (local.get $sw)) (local.get $pw)) (local.get $kw))', get('w'))})
          ${body}
          (local.set $o (i32.add ${get('o')} (i32.const 1)))
          (local.set $xo (i32.add ${get('xo')} (i32.const 1)))
          (br $xloop)))
        (local.set $y (i32.add ${get('y')} (i32.const 1)))
        (br $yloop)))
      (local.set $pl (i32.add ${get('pl')} (i32.const 1)))
      (br $ploop)))`;
}

/** Loops (iy, ix) over the current window. */
export const windowCells = (body: string): string => `
          (local.set $iy ${get('y0')})
          (block $iydone (loop $iyloop
            (br_if $iydone (i32.ge_s ${get('iy')} ${get('y1')}))
            (local.set $ix ${get('x0')})
            (block $ixdone (loop $ixloop
              (br_if $ixdone (i32.ge_s ${get('ix')} ${get('x1')}))
              ${body}
              (local.set $ix (i32.add ${get('ix')} (i32.const 1)))
              (br $ixloop)))
            (local.set $iy (i32.add ${get('iy')} (i32.const 1)))
            (br $iyloop)))`;

export const cell = '(i32.add (i32.mul (local.get $iy) (local.get $w)) (local.get $ix))';

/** Byte patterns of i8x16.shuffle: the high half twice, and the even / odd lanes of two vectors. */
export const HI_HALF = 'i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15';
export const EVEN = 'i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27';
export const ODD = 'i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31';
