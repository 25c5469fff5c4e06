import { GEMM_MR, GEMM_NR } from '../src/cpu/wasm/gemm-tile.js';

/**
 * Generates the WebAssembly text of Flint's float32 GEMM kernel. The text is generated rather
 * than hand-written so the micro-kernel's MR x NR accumulator tile is unrolled without copy and
 * paste, and the plain-SIMD and relaxed-SIMD builds come from one source that differs only in
 * the multiply-add. `build-wasm.ts` assembles it with wabt into `src/cpu/wasm/gemm-wasm-bytes.ts`.
 *
 * Exports (pointers are byte addresses in the imported memory, strides count elements):
 * - `packA(src, rs, cs, mc, kc, dst)`: A[0:mc, 0:kc] into MR-row strips, kc groups of MR each,
 *   rows past mc zero-filled.
 * - `packB(src, rs, cs, kc, nc, dst)`: B[0:kc, 0:nc] into NR-column strips, kc groups of NR each,
 *   columns past nc zero-filled.
 * - `macro(i0, i1, j0, j1, m, n, kc, pa, pb, c, ldc, tile)`: for the row strips starting at i0,
 *   i0 + MR, ... below i1, and the column strips starting at j0, j0 + NR, ... below j1,
 *   C[i, j] += (A strip @ B strip)[i, j] for the i < m, j < n inside the tile. Full tiles update C with vector loads and stores; edge tiles
 *   go through the MR x NR scratch at `tile`. Every element of C adds its kc products, summed
 *   in order p = 0..kc-1, in one step, whatever the row range: splitting rows between threads
 *   cannot change a result.
 */
export interface GemmWatOptions {
  /** Use `f32x4.relaxed_madd` (fused where the hardware has FMA) instead of mul + add. */
  readonly relaxed: boolean;
  /** Import a shared memory (for worker threads over a SharedArrayBuffer). */
  readonly shared: boolean;
  /** Tile rows and columns, for experiments; the committed builds use GEMM_MR x GEMM_NR. */
  readonly mr?: number;
  readonly nr?: number;
}


const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

/** Byte patterns of i8x16.shuffle that interleave (lo, hi) and take 64-bit halves (lo2, hi2) of two f32x4. */
const SHUFFLE = {
  lo: '0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23',
  hi: '8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31',
  lo2: '0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23',
  hi2: '8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31',
};

/** Sets $y0..$y3 to the columns of the 4x4 matrix whose rows are the given v128 locals. */
function transpose4(rows: string[]): string {
  const sh = (pattern: string, a: string, b: string): string => `(i8x16.shuffle ${pattern} (local.get ${a}) (local.get ${b}))`;
  return [
    `(local.set $t0 ${sh(SHUFFLE.lo, rows[0], rows[1])})`,
    `(local.set $t1 ${sh(SHUFFLE.hi, rows[0], rows[1])})`,
    `(local.set $t2 ${sh(SHUFFLE.lo, rows[2], rows[3])})`,
    `(local.set $t3 ${sh(SHUFFLE.hi, rows[2], rows[3])})`,
    `(local.set $y0 ${sh(SHUFFLE.lo2, '$t0', '$t2')})`,
    `(local.set $y1 ${sh(SHUFFLE.hi2, '$t0', '$t2')})`,
    `(local.set $y2 ${sh(SHUFFLE.lo2, '$t1', '$t3')})`,
    `(local.set $y3 ${sh(SHUFFLE.hi2, '$t1', '$t3')})`,
  ].join('\n              ');
}

const TRANSPOSE_LOCALS = '(local $t0 v128) (local $t1 v128) (local $t2 v128) (local $t3 v128) (local $y0 v128) (local $y1 v128) (local $y2 v128) (local $y3 v128)';

export function gemmWat({ relaxed, shared, mr = GEMM_MR, nr = GEMM_NR }: GemmWatOptions): string {
  const MR = mr;
  const NR = nr;
  const NV = NR / 4;
  const acc = (i: number, v: number): string => `$c${i}_${v}`;
  const madd = (a: string, b: string, c: string): string =>
    relaxed ? `(f32x4.relaxed_madd ${a} ${b} ${c})` : `(f32x4.add ${c} (f32x4.mul ${a} ${b}))`;
  const memory = shared ? '(memory 1 65536 shared)' : '(memory 1)';

  const packARows = range(MR)
    .map((i) => `
          (f32.store offset=${4 * i} (local.get $dst)
            (if (result f32) (i32.lt_u (i32.add (local.get $i0) (i32.const ${i})) (local.get $mc))
              (then (f32.load (i32.add (local.get $s) (i32.mul (local.get $rsb) (i32.const ${i})))))
              (else (f32.const 0))))`)
    .join('');
  // A column of a transposed A is contiguous: whole vectors when the tile height allows.
  const packAVector = MR % 4 !== 0 ? packARows : range(MR / 4)
    .map((v) => `
            (v128.store offset=${16 * v} (local.get $dst) (v128.load offset=${16 * v} (local.get $s)))`)
    .join('');
  const packBCols = range(NR)
    .map((j) => `
          (f32.store offset=${4 * j} (local.get $dst)
            (if (result f32) (i32.lt_u (i32.add (local.get $j0) (i32.const ${j})) (local.get $nc))
              (then (f32.load (i32.add (local.get $s) (i32.mul (local.get $csb) (i32.const ${j})))))
              (else (f32.const 0))))`)
    .join('');
  const packBVector = range(NV)
    .map((v) => `
            (v128.store offset=${16 * v} (local.get $dst) (v128.load offset=${16 * v} (local.get $s)))`)
    .join('');

  const accLocals = range(MR)
    .flatMap((i) => range(NV).map((v) => `(local ${acc(i, v)} v128)`))
    .join(' ');
  const bLocals = range(NV).map((v) => `(local $b${v} v128)`).join(' ');
  const zeroAcc = range(MR)
    .flatMap((i) => range(NV).map((v) => `(local.set ${acc(i, v)} (v128.const i32x4 0 0 0 0))`))
    .join('\n          ');
  const loadB = range(NV)
    .map((v) => `(local.set $b${v} (v128.load offset=${16 * v} (local.get $bp)))`)
    .join('\n            ');
  const step = range(MR)
    .map((i) => {
      const lines = [`(local.set $a (v128.load32_splat offset=${4 * i} (local.get $ap)))`];
      for (let v = 0; v < NV; v++) lines.push(`(local.set ${acc(i, v)} ${madd('(local.get $a)', `(local.get $b${v})`, `(local.get ${acc(i, v)})`)})`);
      return lines.join('\n            ');
    })
    .join('\n            ');
  const storeC = range(MR)
    .map((i) => {
      const lines = range(NV).map(
        (v) => `(v128.store offset=${16 * v} (local.get $cp) (f32x4.add (v128.load offset=${16 * v} (local.get $cp)) (local.get ${acc(i, v)})))`,
      );
      if (i < MR - 1) lines.push('(local.set $cp (i32.add (local.get $cp) (local.get $ldcb)))');
      return lines.join('\n              ');
    })
    .join('\n              ');
  const storeTile = range(MR)
    .flatMap((i) => range(NV).map((v) => `(v128.store offset=${16 * (i * NV + v)} (local.get $tile) (local.get ${acc(i, v)}))`))
    .join('\n              ');

  // Row-major A (cs = 1), full strip, MR = 4: four k steps at a time, one 4x4 transpose.
  const packAQuads = MR !== 4 ? '' : `
        (if (i32.and (i32.eq (local.get $cs) (i32.const 1)) (i32.le_u (i32.add (local.get $i0) (i32.const 4)) (local.get $mc)))
          (then
            (block $quads_done
              (loop $quads
                (br_if $quads_done (i32.gt_u (i32.add (local.get $p) (i32.const 4)) (local.get $kc)))
                (local.set $x0 (v128.load (local.get $s)))
                (local.set $x1 (v128.load (i32.add (local.get $s) (local.get $rsb))))
                (local.set $x2 (v128.load (i32.add (local.get $s) (i32.shl (local.get $rsb) (i32.const 1)))))
                (local.set $x3 (v128.load (i32.add (local.get $s) (i32.mul (local.get $rsb) (i32.const 3)))))
                ${transpose4(['$x0', '$x1', '$x2', '$x3'])}
                (v128.store offset=0 (local.get $dst) (local.get $y0))
                (v128.store offset=16 (local.get $dst) (local.get $y1))
                (v128.store offset=32 (local.get $dst) (local.get $y2))
                (v128.store offset=48 (local.get $dst) (local.get $y3))
                (local.set $dst (i32.add (local.get $dst) (i32.const 64)))
                (local.set $s (i32.add (local.get $s) (i32.const 16)))
                (local.set $p (i32.add (local.get $p) (i32.const 4)))
                (br $quads)))))`;
  // Column-major B (rs = 1), full strip, NR = 8: four k steps at a time, two 4x4 transposes.
  const packBQuads = NR !== 8 ? '' : `
        (if (i32.and (i32.eq (local.get $rs) (i32.const 1)) (i32.le_u (i32.add (local.get $j0) (i32.const 8)) (local.get $nc)))
          (then
            (block $quads_done
              (loop $quads
                (br_if $quads_done (i32.gt_u (i32.add (local.get $p) (i32.const 4)) (local.get $kc)))
                ${range(8).map((j) => `(local.set $x${j} (v128.load (i32.add (local.get $s) (i32.mul (local.get $csb) (i32.const ${j})))))`).join('\n                ')}
                ${transpose4(['$x0', '$x1', '$x2', '$x3'])}
                (v128.store offset=0 (local.get $dst) (local.get $y0))
                (v128.store offset=32 (local.get $dst) (local.get $y1))
                (v128.store offset=64 (local.get $dst) (local.get $y2))
                (v128.store offset=96 (local.get $dst) (local.get $y3))
                ${transpose4(['$x4', '$x5', '$x6', '$x7'])}
                (v128.store offset=16 (local.get $dst) (local.get $y0))
                (v128.store offset=48 (local.get $dst) (local.get $y1))
                (v128.store offset=80 (local.get $dst) (local.get $y2))
                (v128.store offset=112 (local.get $dst) (local.get $y3))
                (local.set $dst (i32.add (local.get $dst) (i32.const 128)))
                (local.set $s (i32.add (local.get $s) (i32.const 16)))
                (local.set $p (i32.add (local.get $p) (i32.const 4)))
                (br $quads)))))`;
  const xLocals = range(8).map((j) => `(local $x${j} v128)`).join(' ');

  return `(module
  (import "env" "memory" ${memory})

  (func (export "packA") (param $src i32) (param $rs i32) (param $cs i32) (param $mc i32) (param $kc i32) (param $dst i32)
    (local $i0 i32) (local $p i32) (local $s i32) (local $rsb i32) (local $csb i32) (local $full i32)
    ${xLocals} ${TRANSPOSE_LOCALS}
    (local.set $rsb (i32.shl (local.get $rs) (i32.const 2)))
    (local.set $csb (i32.shl (local.get $cs) (i32.const 2)))
    (block $done
      (loop $strips
        (br_if $done (i32.ge_u (local.get $i0) (local.get $mc)))
        (local.set $s (i32.add (local.get $src) (i32.mul (local.get $i0) (local.get $rsb))))
        (local.set $full (i32.and (i32.eq (local.get $rs) (i32.const 1))
          (i32.le_u (i32.add (local.get $i0) (i32.const ${MR})) (local.get $mc))))
        (local.set $p (i32.const 0))${packAQuads}
        (block $rows_done
          (loop $rows
            (br_if $rows_done (i32.ge_u (local.get $p) (local.get $kc)))
            (if (local.get $full)
              (then${packAVector})
              (else${packARows}))
            (local.set $dst (i32.add (local.get $dst) (i32.const ${4 * MR})))
            (local.set $s (i32.add (local.get $s) (local.get $csb)))
            (local.set $p (i32.add (local.get $p) (i32.const 1)))
            (br $rows)))
        (local.set $i0 (i32.add (local.get $i0) (i32.const ${MR})))
        (br $strips))))

  (func (export "packB") (param $src i32) (param $rs i32) (param $cs i32) (param $kc i32) (param $nc i32) (param $dst i32)
    (local $j0 i32) (local $p i32) (local $s i32) (local $rsb i32) (local $csb i32) (local $full i32)
    ${xLocals} ${TRANSPOSE_LOCALS}
    (local.set $rsb (i32.shl (local.get $rs) (i32.const 2)))
    (local.set $csb (i32.shl (local.get $cs) (i32.const 2)))
    (block $done
      (loop $strips
        (br_if $done (i32.ge_u (local.get $j0) (local.get $nc)))
        (local.set $s (i32.add (local.get $src) (i32.mul (local.get $j0) (local.get $csb))))
        (local.set $full (i32.and (i32.eq (local.get $cs) (i32.const 1))
          (i32.le_u (i32.add (local.get $j0) (i32.const ${NR})) (local.get $nc))))
        (local.set $p (i32.const 0))${packBQuads}
        (block $rows_done
          (loop $rows
            (br_if $rows_done (i32.ge_u (local.get $p) (local.get $kc)))
            (if (local.get $full)
              (then${packBVector})
              (else${packBCols}))
            (local.set $dst (i32.add (local.get $dst) (i32.const ${4 * NR})))
            (local.set $s (i32.add (local.get $s) (local.get $rsb)))
            (local.set $p (i32.add (local.get $p) (i32.const 1)))
            (br $rows)))
        (local.set $j0 (i32.add (local.get $j0) (i32.const ${NR})))
        (br $strips))))

  (func (export "macro") (param $i0 i32) (param $i1 i32) (param $jstart i32) (param $j1 i32) (param $m i32) (param $n i32)
    (param $kc i32) (param $pa i32) (param $pb i32) (param $c i32) (param $ldc i32) (param $tile i32)
    (local $j0 i32) (local $p i32) (local $ap i32) (local $bp i32) (local $cp i32) (local $ldcb i32)
    (local $h i32) (local $w i32) (local $i i32) (local $j i32) (local $tp i32)
    (local $a v128) ${bLocals}
    ${accLocals}
    (local.set $ldcb (i32.shl (local.get $ldc) (i32.const 2)))
    (if (i32.eqz (local.get $kc)) (then (return)))
    (block $rows_done
      (loop $rows
        (br_if $rows_done (i32.ge_u (local.get $i0) (local.get $i1)))
        (local.set $h (i32.sub (local.get $m) (local.get $i0)))
        (local.set $j0 (local.get $jstart))
        (block $cols_done
          (loop $cols
            (br_if $cols_done (i32.ge_u (local.get $j0) (local.get $j1)))
            (local.set $ap (i32.add (local.get $pa) (i32.shl (i32.mul (local.get $i0) (local.get $kc)) (i32.const 2))))
            (local.set $bp (i32.add (local.get $pb) (i32.shl (i32.mul (local.get $j0) (local.get $kc)) (i32.const 2))))
            ${zeroAcc}
            (local.set $p (local.get $kc))
            (loop $k
              ${loadB}
              ${step}
              (local.set $ap (i32.add (local.get $ap) (i32.const ${4 * MR})))
              (local.set $bp (i32.add (local.get $bp) (i32.const ${4 * NR})))
              (local.set $p (i32.sub (local.get $p) (i32.const 1)))
              (br_if $k (local.get $p)))
            (local.set $cp (i32.add (local.get $c)
              (i32.shl (i32.add (i32.mul (local.get $i0) (local.get $ldc)) (local.get $j0)) (i32.const 2))))
            (local.set $w (i32.sub (local.get $n) (local.get $j0)))
            (if (i32.and (i32.ge_s (local.get $h) (i32.const ${MR})) (i32.ge_s (local.get $w) (i32.const ${NR})))
              (then
              ${storeC})
              (else
              ${storeTile}
              (if (i32.gt_s (local.get $h) (i32.const ${MR})) (then (local.set $h (i32.const ${MR}))))
              (if (i32.gt_s (local.get $w) (i32.const ${NR})) (then (local.set $w (i32.const ${NR}))))
              (local.set $i (i32.const 0))
              (loop $ti
                (local.set $j (i32.const 0))
                (local.set $tp (i32.add (local.get $tile) (i32.shl (i32.mul (local.get $i) (i32.const ${NR})) (i32.const 2))))
                (loop $tj
                  (f32.store (local.get $cp) (f32.add (f32.load (local.get $cp)) (f32.load (local.get $tp))))
                  (local.set $cp (i32.add (local.get $cp) (i32.const 4)))
                  (local.set $tp (i32.add (local.get $tp) (i32.const 4)))
                  (local.set $j (i32.add (local.get $j) (i32.const 1)))
                  (br_if $tj (i32.lt_s (local.get $j) (local.get $w))))
                (local.set $cp (i32.add (local.get $cp) (i32.sub (local.get $ldcb) (i32.shl (local.get $w) (i32.const 2)))))
                (local.set $i (i32.add (local.get $i) (i32.const 1)))
                (br_if $ti (i32.lt_s (local.get $i) (local.get $h))))
              (local.set $h (i32.sub (local.get $m) (local.get $i0)))))
            (local.set $j0 (i32.add (local.get $j0) (i32.const ${NR})))
            (br $cols)))
        (local.set $i0 (i32.add (local.get $i0) (i32.const ${MR})))
        (br $rows))))
)
`;
}
