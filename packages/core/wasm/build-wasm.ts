// Rebuilds the committed src/cpu/wasm/*-wasm-bytes.ts: `npx tsx packages/core/wasm/build-wasm.ts`.
import { writeFileSync } from 'node:fs';
import { WASM_BYTES_FILES, wasmBytesModule } from './wasm-builds.js';

for (const f of WASM_BYTES_FILES) {
  const target = new URL(`../src/cpu/wasm/${f.file}`, import.meta.url);
  writeFileSync(target, await wasmBytesModule(f));
  console.log(`wrote ${target.pathname}`);
}
