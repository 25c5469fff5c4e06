import { addr, EVEN, GEOMETRY, get, LOOP_LOCALS, ODD, windows, windowCells, cell } from './pool-loops-wat.js';

/**
 * WebAssembly text of 2-D max pooling over float32 NCHW planes (byte pointers), computing
 * exactly what `src/cpu/kernels/max-pool2d.kernel.ts` computes, in its order:
 *
 * - `maxPool2x2(x, planes, h, w, oh, ow, y, idx)`: kernel 2, stride 2, no padding; four
 *   outputs per step (the two input rows split into even and odd columns), scalar tail.
 * - `maxPool(x, g..., y, idx)`: any window; the argmax is the flat index `iy * w + ix`. With
 *   stride 1, four outputs whose windows lie inside the row share each vector load.
 * - `maxPoolGrad(dy, idx, planes, plane, outPlane, dx)`: dx[plane, idx] += dy, dx zeroed.
 */

/**
 * Four stride-1 windows starting at columns x0..x0+3, one per lane, in the scalar loop's order;
 * the load address `$p` and the lanes' candidate indices `$cand4` step along each window row.
 */
const maxPool4 = `
          (local.set $best4 (local.get $ninf))
          (local.set $arg4 (i32x4.add (i32x4.splat (i32.add (i32.mul ${get('y0')} ${get('w')}) ${get('x0')})) (local.get $lanes)))
          (local.set $iy ${get('y0')})
          (block $iydone4 (loop $iyloop4
            (br_if $iydone4 (i32.ge_s ${get('iy')} ${get('y1')}))
            (local.set $ix (i32.add (i32.mul ${get('iy')} ${get('w')}) ${get('x0')}))
            (local.set $p ${addr(get('x'), `(i32.add ${get('base')} ${get('ix')})`)})
            (local.set $cand4 (i32x4.add (i32x4.splat ${get('ix')}) (local.get $lanes)))
            (local.set $x1 (i32.add ${get('p')} (i32.shl ${get('kw')} (i32.const 2))))
            (block $ixdone4 (loop $ixloop4
              (br_if $ixdone4 (i32.ge_u ${get('p')} ${get('x1')}))
              (local.set $v4 (v128.load ${get('p')}))
              (local.set $mask (v128.or (f32x4.gt ${get('v4')} ${get('best4')}) (f32x4.ne ${get('v4')} ${get('v4')})))
              (local.set $best4 (v128.bitselect ${get('v4')} ${get('best4')} ${get('mask')}))
              (local.set $arg4 (v128.bitselect ${get('cand4')} ${get('arg4')} ${get('mask')}))
              (local.set $cand4 (i32x4.add ${get('cand4')} (local.get $ones)))
              (local.set $p (i32.add ${get('p')} (i32.const 4)))
              (br $ixloop4)))
            (local.set $iy (i32.add ${get('iy')} (i32.const 1)))
            (br $iyloop4)))
          (v128.store ${addr(get('out'), get('o'))} ${get('best4')})
          (v128.store ${addr(get('idx'), get('o'))} ${get('arg4')})`;

const maxPool = `
  (func (export "maxPool") (param $x i32) ${GEOMETRY} (param $out i32) (param $idx i32)
    ${LOOP_LOCALS} (local $best f32) (local $arg i32) (local $v f32) (local $take i32)
    (local $best4 v128) (local $arg4 v128) (local $v4 v128) (local $mask v128) (local $lanes v128) (local $ninf v128) (local $ones v128) (local $cand4 v128) (local $p i32)
    ;; Constants in locals: V8 rebuilds an inline v128.const from immediates at every use.
    (local.set $lanes (v128.const i32x4 0 1 2 3)) (local.set $ninf (v128.const f32x4 -inf -inf -inf -inf)) (local.set $ones (v128.const i32x4 1 1 1 1))
    ${windows(`
          (local.set $best (f32.const -inf))
          (local.set $arg (i32.add (i32.mul ${get('y0')} ${get('w')}) ${get('x0')}))
          ${windowCells(`
              (local.set $v (f32.load ${addr('(local.get $x)', `(i32.add ${get('base')} ${cell})`)}))
              ;; Branch-free (select): on real activations the comparison is a coin flip.
              (local.set $take (i32.or (f32.gt ${get('v')} ${get('best')}) (f32.ne ${get('v')} ${get('v')})))
              (local.set $best (select ${get('v')} ${get('best')} ${get('take')}))
              (local.set $arg (select ${cell} ${get('arg')} ${get('take')}))`)}
          (f32.store ${addr(get('out'), get('o'))} ${get('best')})
          (i32.store ${addr(get('idx'), get('o'))} ${get('arg')})`, maxPool4)})`;

/** The 2x2 window's four candidates in row-major order: byte offset from the top-left, index offset. */
const quad = (w: string): Array<[string, string]> => [
  ['(local.get $te)', '(i32.const 0)'],
  ['(local.get $to)', '(i32.const 1)'],
  ['(local.get $be)', w],
  ['(local.get $bo)', `(i32.add ${w} (i32.const 1))`],
];


const maxPool2x2 = `
  (func (export "maxPool2x2") (param $x i32) (param $planes i32) (param $h i32) (param $w i32) (param $oh i32) (param $ow i32) (param $out i32) (param $idx i32)
    (local $pl i32) (local $y i32) (local $xo i32) (local $top i32) (local $p i32) (local $at i32) (local $wb i32)
    (local $t0 v128) (local $t1 v128) (local $te v128) (local $to v128) (local $be v128) (local $bo v128)
    (local $best v128) (local $arg v128) (local $cand v128) (local $mask v128) (local $bs f32) (local $as i32) (local $v f32) (local $evens v128)
    (local.set $evens (v128.const i32x4 0 2 4 6))
    (local.set $wb (i32.shl ${get('w')} (i32.const 2)))
    (block $pdone (loop $ploop
      (br_if $pdone (i32.ge_u ${get('pl')} ${get('planes')}))
      (local.set $y (i32.const 0))
      (block $ydone (loop $yloop
        (br_if $ydone (i32.ge_u ${get('y')} ${get('oh')}))
        (local.set $top (i32.mul (i32.shl ${get('y')} (i32.const 1)) ${get('w')}))
        (local.set $xo (i32.const 0))
        (block $vdone (loop $vloop
          (br_if $vdone (i32.gt_u (i32.add ${get('xo')} (i32.const 4)) ${get('ow')}))
          (local.set $at (i32.add ${get('top')} (i32.shl ${get('xo')} (i32.const 1))))
          (local.set $p ${addr(get('x'), get('at'))})
          (local.set $t0 (v128.load ${get('p')})) (local.set $t1 (v128.load offset=16 ${get('p')}))
          (local.set $te (${EVEN} ${get('t0')} ${get('t1')})) (local.set $to (${ODD} ${get('t0')} ${get('t1')}))
          (local.set $p (i32.add ${get('p')} ${get('wb')}))
          (local.set $t0 (v128.load ${get('p')})) (local.set $t1 (v128.load offset=16 ${get('p')}))
          (local.set $be (${EVEN} ${get('t0')} ${get('t1')})) (local.set $bo (${ODD} ${get('t0')} ${get('t1')}))
          (local.set $best ${get('te')})
          (local.set $arg (i32x4.add (i32x4.splat ${get('at')}) (local.get $evens)))
          ${quad(get('w')).slice(1).map(([v, d]) => `
          (local.set $mask (v128.or (f32x4.gt ${v} ${get('best')}) (f32x4.ne ${v} ${v})))
          (local.set $best (v128.bitselect ${v} ${get('best')} ${get('mask')}))
          (local.set $cand (i32x4.add (i32x4.splat (i32.add ${get('at')} ${d})) (local.get $evens)))
          (local.set $arg (v128.bitselect ${get('cand')} ${get('arg')} ${get('mask')}))`).join('')}
          (v128.store ${get('out')} ${get('best')})
          (v128.store ${get('idx')} ${get('arg')})
          (local.set $out (i32.add ${get('out')} (i32.const 16)))
          (local.set $idx (i32.add ${get('idx')} (i32.const 16)))
          (local.set $xo (i32.add ${get('xo')} (i32.const 4)))
          (br $vloop)))
        (block $tdone (loop $tloop
          (br_if $tdone (i32.ge_u ${get('xo')} ${get('ow')}))
          (local.set $at (i32.add ${get('top')} (i32.shl ${get('xo')} (i32.const 1))))
          (local.set $p ${addr(get('x'), get('at'))})
          (local.set $bs (f32.load ${get('p')}))
          (local.set $as ${get('at')})
          ${[['(f32.load offset=4 (local.get $p))', '(i32.const 1)'], ['(f32.load (i32.add (local.get $p) (local.get $wb)))', get('w')], ['(f32.load offset=4 (i32.add (local.get $p) (local.get $wb)))', `(i32.add ${get('w')} (i32.const 1))`]]
            .map(([load, d]) => `
          (local.set $v ${load})
          (if (i32.or (f32.gt ${get('v')} ${get('bs')}) (f32.ne ${get('v')} ${get('v')}))
            (then (local.set $bs ${get('v')}) (local.set $as (i32.add ${get('at')} ${d}))))`).join('')}
          (f32.store ${get('out')} ${get('bs')})
          (i32.store ${get('idx')} ${get('as')})
          (local.set $out (i32.add ${get('out')} (i32.const 4)))
          (local.set $idx (i32.add ${get('idx')} (i32.const 4)))
          (local.set $xo (i32.add ${get('xo')} (i32.const 1)))
          (br $tloop)))
        (local.set $y (i32.add ${get('y')} (i32.const 1)))
        (br $yloop)))
      (local.set $x (i32.add ${get('x')} (i32.shl (i32.mul ${get('h')} ${get('w')}) (i32.const 2))))
      (local.set $pl (i32.add ${get('pl')} (i32.const 1)))
      (br $ploop))))`;

const maxPoolGrad = `
  (func (export "maxPoolGrad") (param $dy i32) (param $idx i32) (param $planes i32) (param $plane i32) (param $outPlane i32) (param $dx i32)
    (local $pl i32) (local $j i32) (local $p i32)
    (block $pdone (loop $ploop
      (br_if $pdone (i32.ge_u ${get('pl')} ${get('planes')}))
      (local.set $j (i32.const 0))
      (block $jdone (loop $jloop
        (br_if $jdone (i32.ge_u ${get('j')} ${get('outPlane')}))
        (local.set $p ${addr(get('dx'), '(i32.load (local.get $idx))')})
        (f32.store ${get('p')} (f32.add (f32.load ${get('p')}) (f32.load ${get('dy')})))
        (local.set $dy (i32.add ${get('dy')} (i32.const 4)))
        (local.set $idx (i32.add ${get('idx')} (i32.const 4)))
        (local.set $j (i32.add ${get('j')} (i32.const 1)))
        (br $jloop)))
      (local.set $dx (i32.add ${get('dx')} (i32.shl ${get('plane')} (i32.const 2))))
      (local.set $pl (i32.add ${get('pl')} (i32.const 1)))
      (br $ploop))))`;

/** The max-pooling functions, to paste into a module. */
export const maxPoolWat = (): string => [maxPool, maxPool2x2, maxPoolGrad].join('\n');
