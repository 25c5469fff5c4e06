/**
 * `npm run bench -- <name>`: side-by-side benchmarks against PyTorch (not tests). Each
 * benchmark ends with `<name>: flint <x> <unit>, torch <y> <unit>, ratio <r>`.
 */
import { matmulBench } from './matmul.js';
import { opOverheadBench } from './op-overhead.js';

const BENCHES: Record<string, () => Promise<void>> = {
  matmul: matmulBench,
  'op-overhead': opOverheadBench,
};

const name = process.argv[2];
const bench = name ? BENCHES[name] : undefined;
if (!bench) {
  console.error(`bench: unknown benchmark '${name ?? ''}' (known: ${Object.keys(BENCHES).join(', ')})`);
  process.exit(2);
}
await bench();
