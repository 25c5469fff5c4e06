import { avgPoolWat } from './avg-pool-wat.js';
import { maxPoolWat } from './max-pool-wat.js';
import { reduceAxisWat } from './reduce-axis-wat.js';
import { softmaxWat } from './softmax-wat.js';
import { vectorMathWat } from './vector-math-wat.js';

/**
 * Generates the WebAssembly text of Flint's float32 reduction module: sum and max over the last
 * or a middle axis (`reduce-axis-wat.ts`), softmax and log-softmax forward and backward
 * (`softmax-wat.ts`, on the vector exp/log of `vector-math-wat.ts`) and 2-D pooling
 * (`max-pool-wat.ts`, `avg-pool-wat.ts`). Plain 128-bit SIMD only, so one build serves every
 * runtime with SIMD. It imports the CPU backend's shared tensor heap as `env.memory`; every
 * pointer argument is a byte address in it. `expVec(x, n, y)` and `logVec(x, n, y)` expose the vector math over n
 * elements (n a multiple of 4) for tests.
 */
export function reduceWat(): string {
  return `(module
  (import "env" "memory" (memory 1 32768 shared))
${vectorMathWat()}
  (func (export "expVec") (param $x i32) (param $n i32) (param $y i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $x) (i32.shl (local.get $n) (i32.const 2))))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $x) (local.get $end)))
      (v128.store (local.get $y) (call $exp4 (v128.load (local.get $x))))
      (local.set $x (i32.add (local.get $x) (i32.const 16)))
      (local.set $y (i32.add (local.get $y) (i32.const 16)))
      (br $next))))
  (func (export "logVec") (param $x i32) (param $n i32) (param $y i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $x) (i32.shl (local.get $n) (i32.const 2))))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $x) (local.get $end)))
      (v128.store (local.get $y) (call $log4 (v128.load (local.get $x))))
      (local.set $x (i32.add (local.get $x) (i32.const 16)))
      (local.set $y (i32.add (local.get $y) (i32.const 16)))
      (br $next))))
${reduceAxisWat()}
${softmaxWat()}
${maxPoolWat()}
${avgPoolWat()}
)
`;
}
