import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { load } from '../src/serialization/node/checkpoint-file.js';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '../../..');

/** Starts the saver, waits until it has saved at least once, then `delayMs` more, then SIGKILLs it. */
function saveThenKill(path: string, delayMs: number): Promise<number> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=@flint/source', join(here, 'scripts/save-loop.ts'), path], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let saved = 0;
    let armed = false;
    child.stdout.on('data', (chunk: Buffer) => {
      saved += chunk.toString().split('\n').filter((l) => l.startsWith('saved')).length;
      if (!armed && saved > 0) {
        armed = true;
        setTimeout(() => child.kill('SIGKILL'), delayMs);
      }
    });
    // 'close' (not 'exit'): every "saved" line the child wrote before dying has been counted.
    child.on('close', (_code, signal) => (signal === 'SIGKILL' ? done(saved) : fail(new Error(`saver exited on its own (${signal})`))));
    setTimeout(() => child.kill('SIGKILL'), 20_000);
  });
}

describe('save is atomic', () => {
  it('SIGKILL at 20 moments while writing a 1 MiB checkpoint: the final name always holds a whole version', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flint-save-kill-'));
    const path = join(dir, 'model.safetensors');
    let seed = 12345;
    let midSave = 0;
    try {
      for (let i = 0; i < 20; i++) {
        seed = (seed * 16807) % 2147483647;
        const saved = await saveThenKill(path, seed % 60);
        const sd = load(path);
        const version = (await sd.version.data())[0];
        const data = await sd.data.data();
        expect(data.length).toBe(256 * 1024);
        // The last version reported saved, or the next one if the kill came after its rename.
        expect([saved, saved + 1]).toContain(version);
        expect(data.every((v) => v === version)).toBe(true);
        for (const t of Object.values(sd)) t.dispose();
        // Temp files of an interrupted save may stay behind; never under the final name.
        const files = readdirSync(dir);
        expect(files.filter((f) => f === 'model.safetensors')).toHaveLength(1);
        const temps = files.filter((f) => f.endsWith('.tmp'));
        // Killed inside save(): before its rename (a temp file is left) or after it (not yet reported).
        if (temps.length > 0 || version === saved + 1) midSave++;
        for (const f of temps) rmSync(join(dir, f));
      }
      // Evidence that the kills do land inside save(), not only between saves.
      expect(midSave).toBeGreaterThan(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
