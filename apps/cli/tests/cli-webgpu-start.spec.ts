// A WebGPU start through `flint` prints no Dawn adapter-limit notice (lavapipe reports limits
// Dawn reduces, and Dawn says so from native code on every start), and everything else on
// stderr still comes through.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture, runFlint } from './run-flint.js';

const dir = mkdtempSync(join(tmpdir(), 'flint-webgpu-start-'));

describe('flint and Dawn\'s adapter-limit notice', () => {
  it('drops exactly the notice lines, even split across writes, and passes other stderr through', async () => {
    const r = await runFlint(['exec', fixture('stderr-lines.ts')], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('before\nWarning: something else\nafter');
  });

  it('a real WebGPU start on Dawn prints nothing on stderr', async () => {
    const script = join(dir, 'gpu.ts');
    writeFileSync(
      script,
      [
        "import { initWebGpu } from '@flint/backend-webgpu';",
        "import { tensor } from '@flint/core';",
        'await initWebGpu();',
        "console.log(JSON.stringify(await tensor([1, 2]).to('webgpu').add(1).toArray()));",
        'process.exit(0);',
      ].join('\n'),
    );
    const r = await runFlint(['exec', script], { cwd: dir, timeoutMs: 90_000 });
    expect(r.stdout).toBe('[2,3]\n');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  }, 120_000);
});
