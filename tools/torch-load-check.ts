/**
 * `npm run torch-load-check`: proves a checkpoint Flint writes loads in PyTorch. Flint builds
 * Sequential(Linear(784,128), ReLU, Linear(128,10)), saves its state dict as safetensors and
 * its output on a fixed input; tools/torch-load-check.py (Debian's python3-torch) parses the
 * file, `load_state_dict`s it into the same torch architecture and compares the outputs.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Linear, ReLU, Sequential, manualSeed, rand } from '@flint/core';
import { save } from '@flint/core/node';

manualSeed(7);
const model = new Sequential(new Linear(784, 128), new ReLU(), new Linear(128, 10));
const x = rand([4, 784]);
const y = model.call(x);
const dir = mkdtempSync(join(tmpdir(), 'flint-torch-'));
await save(model.stateDict(), join(dir, 'model.safetensors'));
await save({ x, y }, join(dir, 'io.safetensors'));
const script = join(dirname(fileURLToPath(import.meta.url)), 'torch-load-check.py');
const r = spawnSync('/usr/bin/python3', [script, dir], { encoding: 'utf8' });
process.stdout.write(r.stdout ?? '');
process.stderr.write(r.stderr ?? '');
process.exit(r.status ?? 1);
