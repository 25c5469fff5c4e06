// Rebuilds the committed src/cpu/wasm/*-wasm-bytes.ts: `npx tsx packages/core/wasm/build-wasm.ts`.
import { writeFileSync } from 'node:fs';
import { gemmWasmBytesModule } from './gemm-wasm-source.js';
import { reduceWasmBytesModule } from './reduce-wasm-source.js';
import { vectorWasmBytesModule } from './vector-wasm-source.js';

const target = new URL('../src/cpu/wasm/gemm-wasm-bytes.ts', import.meta.url);
writeFileSync(target, await gemmWasmBytesModule());
console.log(`wrote ${target.pathname}`);

const reduceTarget = new URL('../src/cpu/wasm/reduce-wasm-bytes.ts', import.meta.url);
writeFileSync(reduceTarget, await reduceWasmBytesModule());
console.log(`wrote ${reduceTarget.pathname}`);

const vectorTarget = new URL('../src/cpu/wasm/vector-wasm-bytes.ts', import.meta.url);
writeFileSync(vectorTarget, await vectorWasmBytesModule());
console.log(`wrote ${vectorTarget.pathname}`);
