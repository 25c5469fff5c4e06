import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { gemmWasmBytesModule } from '../wasm/gemm-wasm-source.js';
import { reduceWasmBytesModule } from '../wasm/reduce-wasm-source.js';
import { vectorWasmBytesModule } from '../wasm/vector-wasm-source.js';

describe('committed WebAssembly builds', () => {
  it('src/cpu/wasm/gemm-wasm-bytes.ts is byte for byte what wasm/build-wasm.ts assembles from gemm-wat.ts', async () => {
    const committed = readFileSync(new URL('../src/cpu/wasm/gemm-wasm-bytes.ts', import.meta.url), 'utf8');
    const rebuilt = await gemmWasmBytesModule();
    expect(rebuilt === committed, 'stale build: run `npx tsx packages/core/wasm/build-wasm.ts`').toBe(true);
  });

  it('src/cpu/wasm/reduce-wasm-bytes.ts is byte for byte what wasm/build-wasm.ts assembles from reduce-wat.ts', async () => {
    const committed = readFileSync(new URL('../src/cpu/wasm/reduce-wasm-bytes.ts', import.meta.url), 'utf8');
    const rebuilt = await reduceWasmBytesModule();
    expect(rebuilt === committed, 'stale build: run `npx tsx packages/core/wasm/build-wasm.ts`').toBe(true);
  });

  it('src/cpu/wasm/vector-wasm-bytes.ts is byte for byte what wasm/build-wasm.ts assembles from vector-wat.ts', async () => {
    const committed = readFileSync(new URL('../src/cpu/wasm/vector-wasm-bytes.ts', import.meta.url), 'utf8');
    const rebuilt = await vectorWasmBytesModule();
    expect(rebuilt === committed, 'stale build: run `npx tsx packages/core/wasm/build-wasm.ts`').toBe(true);
  });
});
