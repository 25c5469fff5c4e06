import { addr, EVEN, GEOMETRY, get, HI_HALF, i32max, i32min, LOOP_LOCALS, ODD, windows, windowCells, cell } from './pool-loops-wat.js';

/**
 * WebAssembly text of 2-D average pooling over float32 NCHW planes (byte pointers), computing
 * exactly what `src/cpu/kernels/avg-pool2d.kernel.ts` computes, in its order:
 *
 * - `avgPool(x, g..., countIncludePad, y)`, `avgPoolGrad(dy, g..., countIncludePad, dx)`: the
 *   window sum and the spread gradient in float64, as the JS kernels' doubles; with stride 1
 *   the forward takes four unclipped windows per step. (The gradient stays scalar: vector
 *   lanes would add a cell's overlapping contributions in another order than the JS loop.)
 * - `avgPool2x2(x, planes, h, w, oh, ow, y)`, `avgPool2x2Grad(dy, ..., dx)`: kernel 2, stride 2,
 *   no padding, four outputs per step.
 */

/** PyTorch's divisor for output (y, xo), as f64: `divisor()` of avg-pool2d.kernel.ts. */
const divisor = `
  (func $divisor (param $y i32) (param $xo i32) (param $h i32) (param $w i32) (param $kh i32) (param $kw i32) (param $sh i32) (param $sw i32) (param $ph i32) (param $pw i32) (param $cip i32) (result f64)
    (local $ys i32) (local $xs i32)
    (local.set $ys (i32.sub (i32.mul ${get('y')} ${get('sh')}) ${get('ph')}))
    (local.set $xs (i32.sub (i32.mul ${get('xo')} ${get('sw')}) ${get('pw')}))
    (if (result f64) ${get('cip')}
      (then (f64.convert_i32_s (i32.mul
        (i32.sub ${i32min('(i32.add (local.get $ys) (local.get $kh))', '(i32.add (local.get $h) (local.get $ph))')} ${get('ys')})
        (i32.sub ${i32min('(i32.add (local.get $xs) (local.get $kw))', '(i32.add (local.get $w) (local.get $pw))')} ${get('xs')}))))
      (else (f64.convert_i32_s (i32.mul
        (i32.sub ${i32min('(i32.add (local.get $ys) (local.get $kh))', get('h'))} ${i32max(get('ys'), '(i32.const 0)')})
        (i32.sub ${i32min('(i32.add (local.get $xs) (local.get $kw))', get('w'))} ${i32max(get('xs'), '(i32.const 0)')}))))))`;

const divisorCall = '(call $divisor (local.get $y) (local.get $xo) (local.get $h) (local.get $w) (local.get $kh) (local.get $kw) (local.get $sh) (local.get $sw) (local.get $ph) (local.get $pw) (local.get $cip))';

/**
 * Four stride-1 windows inside the row (columns x0..x0+3), lanes 0-1 and 2-3 summed in two
 * float64 pairs in the scalar order; the four share the first one's divisor (their columns
 * are unclipped, so only the rows differ from the full window, and those are common).
 */
const avgPool4 = `
          (local.set $lo (v128.const i32x4 0 0 0 0)) (local.set $hi (v128.const i32x4 0 0 0 0))
          (local.set $iy ${get('y0')})
          (block $iydone4 (loop $iyloop4
            (br_if $iydone4 (i32.ge_s ${get('iy')} ${get('y1')}))
            (local.set $p ${addr(get('x'), `(i32.add ${get('base')} (i32.add (i32.mul ${get('iy')} ${get('w')}) ${get('x0')}))`)})
            (local.set $x1 (i32.add ${get('p')} (i32.shl ${get('kw')} (i32.const 2))))
            (block $ixdone4 (loop $ixloop4
              (br_if $ixdone4 (i32.ge_u ${get('p')} ${get('x1')}))
              (local.set $v (v128.load ${get('p')}))
              (local.set $lo (f64x2.add ${get('lo')} (f64x2.promote_low_f32x4 ${get('v')})))
              (local.set $hi (f64x2.add ${get('hi')} (f64x2.promote_low_f32x4 (${HI_HALF} ${get('v')} ${get('v')}))))
              (local.set $p (i32.add ${get('p')} (i32.const 4)))
              (br $ixloop4)))
            (local.set $iy (i32.add ${get('iy')} (i32.const 1)))
            (br $iyloop4)))
          (local.set $d (f64x2.splat ${divisorCall}))
          (v128.store ${addr(get('out'), get('o'))} (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
            (f32x4.demote_f64x2_zero (f64x2.div ${get('lo')} ${get('d')})) (f32x4.demote_f64x2_zero (f64x2.div ${get('hi')} ${get('d')}))))`;

const avgPool = `
  (func (export "avgPool") (param $x i32) ${GEOMETRY} (param $cip i32) (param $out i32)
    ${LOOP_LOCALS} (local $s f64) (local $p i32) (local $v v128) (local $lo v128) (local $hi v128) (local $d v128)
    ${windows(`
          (local.set $s (f64.const 0))
          ${windowCells(`(local.set $s (f64.add ${get('s')} (f64.promote_f32 (f32.load ${addr(get('x'), `(i32.add ${get('base')} ${cell})`)}))))`)}
          (f32.store ${addr(get('out'), get('o'))} (f32.demote_f64 (f64.div ${get('s')} ${divisorCall})))`, avgPool4)})`;

const avgPoolGrad = `
  (func (export "avgPoolGrad") (param $dy i32) ${GEOMETRY} (param $cip i32) (param $dx i32)
    ${LOOP_LOCALS} (local $v f64) (local $p i32)
    ${windows(`
          (local.set $v (f64.div (f64.promote_f32 (f32.load ${addr(get('dy'), get('o'))})) ${divisorCall}))
          ${windowCells(`
              (local.set $p ${addr(get('dx'), `(i32.add ${get('base')} ${cell})`)})
              (f32.store ${get('p')} (f32.demote_f64 (f64.add (f64.promote_f32 (f32.load ${get('p')})) ${get('v')})))`)}`)})`;

/**
 * The 2x2, stride-2, unpadded average and its gradient, four outputs per step (divisor 4):
 * the window sum in float64 in row-major order, times 0.25 (exact, as the JS division by 4);
 * the gradient adds dy * 0.25 (the JS float64 dy / 4 rounded once) to the zeroed dx.
 */
const avgPool2x2 = `
  (func (export "avgPool2x2") (param $x i32) (param $planes i32) (param $h i32) (param $w i32) (param $oh i32) (param $ow i32) (param $out i32)
    (local $pl i32) (local $y i32) (local $xo i32) (local $p i32) (local $wb i32) (local $rows i32)
    (local $t0 v128) (local $t1 v128) (local $te v128) (local $to v128) (local $be v128) (local $bo v128) (local $lo v128) (local $hi v128) (local $quarter v128)
    (local.set $quarter (v128.const f64x2 0.25 0.25))
    (local.set $wb (i32.shl ${get('w')} (i32.const 2)))
    (local.set $rows (i32.mul ${get('planes')} ${get('oh')}))
    (block $rdone (loop $rloop
      (br_if $rdone (i32.ge_u ${get('y')} ${get('rows')}))
      ;; Output row y of the flattened planes reads input rows 2 (y mod oh) and 2 (y mod oh) + 1 of its plane.
      (local.set $p ${addr(get('x'), `(i32.add (i32.mul (i32.div_u ${get('y')} ${get('oh')}) (i32.mul ${get('h')} ${get('w')})) (i32.mul (i32.shl (i32.rem_u ${get('y')} ${get('oh')}) (i32.const 1)) ${get('w')}))`)})
      (local.set $xo (i32.const 0))
      (block $vdone (loop $vloop
        (br_if $vdone (i32.gt_u (i32.add ${get('xo')} (i32.const 4)) ${get('ow')}))
        (local.set $t0 (v128.load ${get('p')})) (local.set $t1 (v128.load offset=16 ${get('p')}))
        (local.set $te (${EVEN} ${get('t0')} ${get('t1')})) (local.set $to (${ODD} ${get('t0')} ${get('t1')}))
        (local.set $t0 (v128.load (i32.add ${get('p')} ${get('wb')}))) (local.set $t1 (v128.load offset=16 (i32.add ${get('p')} ${get('wb')})))
        (local.set $be (${EVEN} ${get('t0')} ${get('t1')})) (local.set $bo (${ODD} ${get('t0')} ${get('t1')}))
        ${(['lo', 'hi'] as const).map((half) => {
          const pr = (v: string): string => half === 'lo' ? `(f64x2.promote_low_f32x4 ${get(v)})` : `(f64x2.promote_low_f32x4 (${HI_HALF} ${get(v)} ${get(v)}))`;
          return `(local.set $${half} (f32x4.demote_f64x2_zero (f64x2.mul (f64x2.add (f64x2.add (f64x2.add ${pr('te')} ${pr('to')}) ${pr('be')}) ${pr('bo')}) (local.get $quarter))))`;
        }).join('\n        ')}
        (v128.store ${get('out')} (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 ${get('lo')} ${get('hi')}))
        (local.set $out (i32.add ${get('out')} (i32.const 16)))
        (local.set $p (i32.add ${get('p')} (i32.const 32)))
        (local.set $xo (i32.add ${get('xo')} (i32.const 4)))
        (br $vloop)))
      (block $tdone (loop $tloop
        (br_if $tdone (i32.ge_u ${get('xo')} ${get('ow')}))
        (f32.store ${get('out')} (f32.demote_f64 (f64.mul (f64.add (f64.add (f64.add
          (f64.promote_f32 (f32.load ${get('p')})) (f64.promote_f32 (f32.load offset=4 ${get('p')})))
          (f64.promote_f32 (f32.load (i32.add ${get('p')} ${get('wb')})))) (f64.promote_f32 (f32.load offset=4 (i32.add ${get('p')} ${get('wb')}))))
          (f64.const 0.25))))
        (local.set $out (i32.add ${get('out')} (i32.const 4)))
        (local.set $p (i32.add ${get('p')} (i32.const 8)))
        (local.set $xo (i32.add ${get('xo')} (i32.const 1)))
        (br $tloop)))
      (local.set $y (i32.add ${get('y')} (i32.const 1)))
      (br $rloop))))`;

const avgPool2x2Grad = `
  (func (export "avgPool2x2Grad") (param $dy i32) (param $planes i32) (param $h i32) (param $w i32) (param $oh i32) (param $ow i32) (param $dx i32)
    (local $y i32) (local $xo i32) (local $p i32) (local $q i32) (local $wb i32) (local $rows i32) (local $v v128) (local $s f32) (local $quarter v128)
    (local.set $quarter (v128.const f32x4 0.25 0.25 0.25 0.25))
    (local.set $wb (i32.shl ${get('w')} (i32.const 2)))
    (local.set $rows (i32.mul ${get('planes')} ${get('oh')}))
    (block $rdone (loop $rloop
      (br_if $rdone (i32.ge_u ${get('y')} ${get('rows')}))
      (local.set $p ${addr(get('dx'), `(i32.add (i32.mul (i32.div_u ${get('y')} ${get('oh')}) (i32.mul ${get('h')} ${get('w')})) (i32.mul (i32.shl (i32.rem_u ${get('y')} ${get('oh')}) (i32.const 1)) ${get('w')}))`)})
      (local.set $xo (i32.const 0))
      (block $vdone (loop $vloop
        (br_if $vdone (i32.gt_u (i32.add ${get('xo')} (i32.const 4)) ${get('ow')}))
        (local.set $v (f32x4.mul (v128.load ${get('dy')}) (local.get $quarter)))
        ${[0, 1].map((r) => {
          const row = r === 0 ? get('p') : `(i32.add ${get('p')} ${get('wb')})`;
          return [['0 1 2 3 0 1 2 3 4 5 6 7 4 5 6 7', 0], ['8 9 10 11 8 9 10 11 12 13 14 15 12 13 14 15', 16]]
            .map(([pattern, off]) => `(local.set $q ${row})
        (v128.store offset=${off} ${get('q')} (f32x4.add (v128.load offset=${off} ${get('q')}) (i8x16.shuffle ${pattern} ${get('v')} ${get('v')})))`)
            .join('\n        ');
        }).join('\n        ')}
        (local.set $dy (i32.add ${get('dy')} (i32.const 16)))
        (local.set $p (i32.add ${get('p')} (i32.const 32)))
        (local.set $xo (i32.add ${get('xo')} (i32.const 4)))
        (br $vloop)))
      (block $tdone (loop $tloop
        (br_if $tdone (i32.ge_u ${get('xo')} ${get('ow')}))
        (local.set $s (f32.mul (f32.load ${get('dy')}) (f32.const 0.25)))
        ${['(local.get $p)', '(i32.add (local.get $p) (i32.const 4))', '(i32.add (local.get $p) (local.get $wb))', '(i32.add (i32.add (local.get $p) (local.get $wb)) (i32.const 4))']
          .map((a) => `(local.set $q ${a}) (f32.store ${get('q')} (f32.add (f32.load ${get('q')}) ${get('s')}))`).join('\n        ')}
        (local.set $dy (i32.add ${get('dy')} (i32.const 4)))
        (local.set $p (i32.add ${get('p')} (i32.const 8)))
        (local.set $xo (i32.add ${get('xo')} (i32.const 1)))
        (br $tloop)))
      (local.set $y (i32.add ${get('y')} (i32.const 1)))
      (br $rloop))))`;

/** The average-pooling functions, to paste into a module. */
export const avgPoolWat = (): string => [divisor, avgPool, avgPoolGrad, avgPool2x2, avgPool2x2Grad].join('\n');
