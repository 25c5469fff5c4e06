import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { WASM_BYTES_FILES, wasmBytesModule } from '../wasm/wasm-builds.js';

describe('committed WebAssembly builds', () => {
  it.each(WASM_BYTES_FILES)('src/cpu/wasm/$file is byte for byte what wasm/build-wasm.ts assembles from $source', async (f) => {
    const committed = readFileSync(new URL(`../src/cpu/wasm/${f.file}`, import.meta.url), 'utf8');
    const rebuilt = await wasmBytesModule(f);
    expect(rebuilt === committed, 'stale build: run `npx tsx packages/core/wasm/build-wasm.ts`').toBe(true);
  });
});
