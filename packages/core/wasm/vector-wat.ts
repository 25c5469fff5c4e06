/**
 * Generates the WebAssembly text of Flint's vector kernels: elementwise float32 ops over
 * contiguous operands in the tensor heap (`src/cpu/wasm/tensor-heap.ts`), 128-bit SIMD over
 * groups of 4 elements with a scalar tail, plain SIMD only (no relaxed ops, so both kernel
 * modes share one build). `build-wasm.ts` assembles it with wabt into
 * `src/cpu/wasm/vector-wasm-bytes.ts`. Every op computes exactly what the JavaScript kernel
 * computes (IEEE single-precision +, -, *, /, sqrt, and the same bit masks for ReLU), so both
 * paths give the same bits.
 *
 * Exports (pointers are byte addresses in the imported shared memory, `n` counts elements):
 * - `addVV, subVV, mulVV, divVV (o, a, b, n)`: o[i] = a[i] op b[i];
 *   `*VS (o, a, s, n)`: o[i] = a[i] op s; `*SV (o, s, b, n)`: o[i] = s op b[i], with `s` a float32
 *   value (a broadcast scalar: it need not be in the heap).
 * - `neg (o, x, n)`, `relu (o, x, n)`, `reluGrad (o, dy, y, n)`.
 * - `sgd (p, g, buf, n, lr, momentum, keepFresh, wd, sign, flags)` and
 *   `adam (p, g, m, v, vmax, n, decay, wd, b1, c1, b2, c2, bias2, eps, stepSize, sign, flags)`:
 *   the fused optimizer steps of `optimizer-step.kernel.ts` with its float32 rounding order;
 *   flags are bit sets (SGD: 1 weight decay, 2 momentum buffer, 4 first step, 8 nesterov;
 *   Adam: 1 weight decay, 2 decoupled, 4 amsgrad).
 */

/** How one lane width spells loads, stores and arithmetic: 4-wide SIMD or the scalar tail. */
interface Lanes {
  /** Bytes per step. */
  readonly step: number;
  load(ptr: string): string;
  store(ptr: string, value: string): string;
  /** A float op: add, sub, mul, div, sqrt, neg, gt, ne. */
  f(op: string, ...args: string[]): string;
  /** An int32 op on the same bits: and, or, sub, shr_s. */
  i(op: string, ...args: string[]): string;
  /** Bits of a float value (a no-op for v128) and back. */
  bits(value: string): string;
  float(value: string): string;
  not(value: string): string;
  /** `mask ? a : b` for a mask from a comparison. */
  select(a: string, b: string, mask: string): string;
  /** A float parameter or broadcast value (splatted once into `$<name>_v` for SIMD). */
  param(name: string): string;
  iconst(value: number): string;
}

const get = (name: string): string => `(local.get $${name})`;

const SIMD: Lanes = {
  step: 16,
  load: (p) => `(v128.load ${get(p)})`,
  store: (p, v) => `(v128.store ${get(p)} ${v})`,
  f: (op, ...a) => `(f32x4.${op} ${a.join(' ')})`,
  i: (op, ...a) => (op === 'and' || op === 'or' ? `(v128.${op} ${a.join(' ')})` : op === 'shr_s' ? `(i32x4.shr_s ${a[0]} (i32.const 31))` : `(i32x4.${op} ${a.join(' ')})`),
  bits: (v) => v,
  float: (v) => v,
  not: (v) => `(v128.not ${v})`,
  select: (a, b, mask) => `(v128.bitselect ${a} ${b} ${mask})`,
  param: (name) => get(`${name}_v`),
  iconst: (value) => `(v128.const i32x4 ${value} ${value} ${value} ${value})`,
};

const SCALAR: Lanes = {
  step: 4,
  load: (p) => `(f32.load ${get(p)})`,
  store: (p, v) => `(f32.store ${get(p)} ${v})`,
  f: (op, ...a) => `(f32.${op} ${a.join(' ')})`,
  i: (op, ...a) => (op === 'shr_s' ? `(i32.shr_s ${a[0]} (i32.const 31))` : `(i32.${op} ${a.join(' ')})`),
  bits: (v) => `(i32.reinterpret_f32 ${v})`,
  float: (v) => `(f32.reinterpret_i32 ${v})`,
  not: (v) => `(i32.xor ${v} (i32.const -1))`,
  select: (a, b, mask) => `(select ${a} ${b} ${mask})`,
  param: (name) => get(name),
  iconst: (value) => `(i32.const ${value})`,
};

/** A kernel: pointer parameters (advanced every element; a broadcast one is a float value instead), float and int parameters. */
interface KernelSpec {
  readonly name: string;
  readonly pointers: readonly string[];
  readonly broadcast?: readonly string[];
  readonly floats?: readonly string[];
  readonly ints?: readonly string[];
  /** Scratch values of the body: `$<name>v` (v128) and `$<name>s` (f32) locals. */
  readonly scratch?: readonly string[];
  /** The loop body for one step of `lanes`. */
  body(l: Lanes): string;
}

/**
 * One exported function: `n` elements as n/4 SIMD steps and n%4 scalar ones. Broadcast
 * operands and float parameters are splatted before the loop.
 */
function kernel(spec: KernelSpec): string {
  const { name, pointers, broadcast = [], floats = [], ints = [], scratch = [] } = spec;
  const streams = pointers.filter((p) => !broadcast.includes(p));
  const params = [...pointers.map((p) => `(param $${p} ${broadcast.includes(p) ? 'f32' : 'i32'})`), '(param $n i32)', ...floats.map((f) => `(param $${f} f32)`), ...ints.map((f) => `(param $${f} i32)`)];
  const locals = ['(local $end i32)', ...[...broadcast, ...floats].map((f) => `(local $${f}_v v128)`), ...scratch.map((x) => `(local $${x}v v128) (local $${x}s f32)`)];
  const setup = [...broadcast, ...floats].map((f) => `(local.set $${f}_v (f32x4.splat ${get(f)}))`);
  const first = streams[0];
  const loop = (l: Lanes, label: string): string => `
    (block $${label}_done (loop $${label}
      (br_if $${label}_done (i32.ge_u ${get(first)} ${get('end')}))
      ${spec.body(l)}
      ${streams.map((p) => `(local.set $${p} (i32.add ${get(p)} (i32.const ${l.step})))`).join(' ')}
      (br $${label})))`;
  return `
  (func $${name} (export "${name}") ${params.join(' ')} ${locals.join(' ')}
    ${setup.join('\n    ')}
    (local.set $end (i32.add ${get(first)} (i32.shl (i32.and ${get('n')} (i32.const -4)) (i32.const 2))))${loop(SIMD, 'vec')}
    (local.set $end (i32.add ${get('end')} (i32.shl (i32.and ${get('n')} (i32.const 3)) (i32.const 2))))${loop(SCALAR, 'tail')})`;
}

const BINARY_OPS = ['add', 'sub', 'mul', 'div'] as const;

function binaryKernels(): KernelSpec[] {
  return BINARY_OPS.flatMap((op): KernelSpec[] => [
    { name: `${op}VV`, pointers: ['o', 'a', 'b'], body: (l) => l.store('o', l.f(op, l.load('a'), l.load('b'))) },
    { name: `${op}VS`, pointers: ['o', 'a', 'b'], broadcast: ['b'], body: (l) => l.store('o', l.f(op, l.load('a'), l.param('b'))) },
    { name: `${op}SV`, pointers: ['o', 'a', 'b'], broadcast: ['a'], body: (l) => l.store('o', l.f(op, l.param('a'), l.load('b'))) },
  ]);
}

/** ReLU and its gradient as the integer masks of `src/cpu/kernels/float32-bits.ts`. */
const reluKernels: KernelSpec[] = [
  { name: 'neg', pointers: ['o', 'x'], body: (l) => l.store('o', l.f('neg', l.load('x'))) },
  {
    name: 'relu',
    pointers: ['o', 'x'],
    // b & (~(b >> 31) | nan), nan = (0x7f800000 - (b & 0x7fffffff)) >> 31
    body: (l) => {
      const b = l.bits(l.load('x'));
      const nan = l.i('shr_s', l.i('sub', l.iconst(0x7f800000), l.i('and', b, l.iconst(0x7fffffff))));
      return l.store('o', l.float(l.i('and', b, l.i('or', l.not(l.i('shr_s', b)), nan))));
    },
  },
  {
    name: 'reluGrad',
    pointers: ['o', 'dy', 'y'],
    // dy & ~((c | (0x7f7fffff - c)) >> 31), c = y - 1
    body: (l) => {
      const c = l.i('sub', l.bits(l.load('y')), l.iconst(1));
      const keep = l.not(l.i('shr_s', l.i('or', c, l.i('sub', l.iconst(0x7f7fffff), c))));
      return l.store('o', l.float(l.i('and', l.bits(l.load('dy')), keep)));
    },
  },
];

/** `flags & bit` is non-zero. */
const flag = (bit: number): string => `(i32.and ${get('flags')} (i32.const ${bit}))`;
/** `(if flags & bit (then ...))` around statements. */
const when = (bit: number, then: string, otherwise = ''): string => `(if ${flag(bit)} (then ${then})${otherwise ? ` (else ${otherwise})` : ''})`;

const sgdKernel: KernelSpec = {
  name: 'sgd',
  pointers: ['p', 'g', 'buf'],
  floats: ['lr', 'momentum', 'keep', 'wd', 'sign'],
  ints: ['flags'],
  scratch: ['pv', 'd', 'bv'],
  body: (l) => {
    const t = l === SIMD ? 'v' : 's';
    const d = get(`d${t}`);
    const set = (name: string, v: string): string => `(local.set $${name}${t} ${v})`;
    return [
      set('pv', l.load('p')),
      set('d', l.f('mul', l.param('sign'), l.load('g'))),
      when(1, set('d', l.f('add', d, l.f('mul', get(`pv${t}`), l.param('wd'))))),
      when(2, [
        when(4, set('bv', d), set('bv', l.f('add', l.f('mul', l.load('buf'), l.param('momentum')), l.f('mul', d, l.param('keep'))))),
        l.store('buf', get(`bv${t}`)),
        when(8, set('d', l.f('add', d, l.f('mul', get(`bv${t}`), l.param('momentum')))), set('d', get(`bv${t}`))),
      ].join(' ')),
      l.store('p', l.f('sub', get(`pv${t}`), l.f('mul', d, l.param('lr')))),
    ].join('\n      ');
  },
};

const adamKernel: KernelSpec = {
  name: 'adam',
  pointers: ['p', 'g', 'm', 'v', 'vmax'],
  floats: ['decay', 'wd', 'b1', 'c1', 'b2', 'c2', 'bias2', 'eps', 'step', 'sign'],
  ints: ['flags'],
  scratch: ['gv', 'pv', 'mt', 'vt', 'prev', 'den'],
  body: (l) => {
    const t = l === SIMD ? 'v' : 's';
    const v = (name: string): string => get(`${name}${t}`);
    const set = (name: string, x: string): string => `(local.set $${name}${t} ${x})`;
    return [
      set('gv', l.f('mul', l.param('sign'), l.load('g'))),
      set('pv', l.load('p')),
      when(1, when(2, set('pv', l.f('mul', v('pv'), l.param('decay'))), set('gv', l.f('add', v('gv'), l.f('mul', v('pv'), l.param('wd')))))),
      set('mt', l.f('add', l.f('mul', l.load('m'), l.param('b1')), l.f('mul', v('gv'), l.param('c1')))),
      l.store('m', v('mt')),
      set('vt', l.f('add', l.f('mul', l.load('v'), l.param('b2')), l.f('mul', l.f('mul', v('gv'), v('gv')), l.param('c2')))),
      l.store('v', v('vt')),
      when(4, [
        set('prev', l.load('vmax')),
        // prev > vt || prev !== prev ? prev : vt
        set('vt', l.select(v('prev'), v('vt'), l === SIMD ? `(v128.or ${l.f('gt', v('prev'), v('vt'))} ${l.f('ne', v('prev'), v('prev'))})` : `(i32.or ${l.f('gt', v('prev'), v('vt'))} ${l.f('ne', v('prev'), v('prev'))})`)),
        l.store('vmax', v('vt')),
      ].join(' ')),
      set('den', l.f('add', l.f('div', l.f('sqrt', v('vt')), l.param('bias2')), l.param('eps'))),
      l.store('p', l.f('sub', v('pv'), l.f('mul', l.f('div', v('mt'), v('den')), l.param('step')))),
    ].join('\n      ');
  },
};

/** The module text. */
export function vectorWat(): string {
  const funcs = [...binaryKernels(), ...reluKernels, sgdKernel, adamKernel].map(kernel);
  return `(module
  (import "env" "memory" (memory 1 32768 shared))${funcs.join('\n')}
)
`;
}
