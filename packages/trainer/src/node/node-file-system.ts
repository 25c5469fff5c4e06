import { appendFile, lstat, mkdir, open, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import type { FileSystem } from '../io/file-system.js';
import { readWholeFile } from './read-whole-file.js';

/** `FileSystem` over `node:fs`. */
export const nodeFileSystem: FileSystem = {
  mkdir: async (p) => {
    await mkdir(p, { recursive: true });
  },
  writeFile: (p, d) => writeFile(p, d),
  appendFile: (p, d) => appendFile(p, d),
  readFile: (p) => readWholeFile(p),
  readText: (p) => readFile(p, 'utf8'),
  readRange: async (p, offset, length) => {
    const fh = await open(p, 'r');
    try {
      const buf = new Uint8Array(length);
      let got = 0;
      while (got < length) {
        const { bytesRead } = await fh.read(buf, got, length - got, offset + got);
        if (bytesRead === 0) break;
        got += bytesRead;
      }
      return buf.subarray(0, got);
    } finally {
      await fh.close();
    }
  },
  exists: async (p) => {
    try {
      await stat(p);
      return true;
    } catch {
      return false;
    }
  },
  readdir: (p) => readdir(p),
  lstat: async (p) => {
    try {
      const s = await lstat(p);
      const kind = s.isSymbolicLink() ? 'symlink' : s.isFile() ? 'file' : s.isDirectory() ? 'directory' : 'other';
      return { kind, size: s.size };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'ENOTDIR') return null;
      throw e;
    }
  },
  rename: (a, b) => rename(a, b),
  remove: (p) => rm(p, { recursive: true, force: true }),
  sync: async (p) => {
    const fh = await open(p, 'r');
    try {
      await fh.sync();
    } catch {
      // Some platforms refuse fsync on directories; the rename is still atomic there.
    } finally {
      await fh.close();
    }
  },
};
