import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../src/checkpoint/sha256.js';
import { AtomicCheckpointIO } from '../src/checkpoint/checkpoint-io.js';
import { readWholeFile } from '../src/node/read-whole-file.js';
import { nodeFileSystem } from '../src/node.js';

// The 3 GiB case (past WebCrypto's and readFile's 2 GiB limits) is too heavy for CI; these
// prove the chunking with chunks small enough that every boundary case occurs.
describe('checkpoint hashing and reading in chunks', () => {
  const bytes = randomBytes(10_007);
  const want = createHash('sha256').update(bytes).digest('hex');

  it('SHA-256 fed in chunks of 1, 7, 4096 and more than the input equals the one-shot digest', async () => {
    for (const chunk of [1, 7, 4096, 10_007, 1 << 20]) expect(await sha256Hex(bytes, chunk)).toBe(want);
    expect(await sha256Hex(new Uint8Array(0), 7)).toBe(createHash('sha256').digest('hex'));
  });

  it('a file read in chunks of 1, 7 and 4096 bytes is the file, byte for byte', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'flint-chunks-')), 'f.bin');
    writeFileSync(path, bytes);
    for (const chunk of [1, 7, 4096]) expect(Buffer.from(await readWholeFile(path, chunk)).equals(bytes)).toBe(true);
    writeFileSync(path, new Uint8Array(0));
    expect((await readWholeFile(path, 7)).byteLength).toBe(0);
  });

  it('a save that fails part way leaves no .tmp directory behind', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flint-chunks-'));
    const failing = { ...nodeFileSystem, sync: async () => Promise.reject(new Error('disk full')) };
    await expect(new AtomicCheckpointIO(failing).save(join(dir, 'ckpt'), { 'model.safetensors': bytes })).rejects.toThrow('disk full');
    expect(readdirSync(dir)).toEqual([]);
  });
});
