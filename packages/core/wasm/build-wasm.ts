// Rebuilds src/cpu/wasm/gemm-wasm-bytes.ts: `npx tsx packages/core/wasm/build-wasm.ts`.
import { writeFileSync } from 'node:fs';
import { gemmWasmBytesModule } from './gemm-wasm-source.js';

const target = new URL('../src/cpu/wasm/gemm-wasm-bytes.ts', import.meta.url);
writeFileSync(target, await gemmWasmBytesModule());
console.log(`wrote ${target.pathname}`);
