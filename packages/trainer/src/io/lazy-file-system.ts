import type { FileSystem } from './file-system.js';

/**
 * A file system made on first use (the Node one is imported only when a run touches files),
 * so the trainer's main entry loads in a browser.
 */
export function lazyFileSystem(make: () => Promise<FileSystem>): FileSystem {
  let fs: Promise<FileSystem> | null = null;
  const get = (): Promise<FileSystem> => (fs ??= make());
  return {
    mkdir: async (p) => (await get()).mkdir(p),
    writeFile: async (p, d) => (await get()).writeFile(p, d),
    appendFile: async (p, d) => (await get()).appendFile(p, d),
    readFile: async (p) => (await get()).readFile(p),
    readText: async (p) => (await get()).readText(p),
    readRange: async (p, o, n) => (await get()).readRange(p, o, n),
    exists: async (p) => (await get()).exists(p),
    readdir: async (p) => (await get()).readdir(p),
    lstat: async (p) => (await get()).lstat(p),
    rename: async (a, b) => (await get()).rename(a, b),
    remove: async (p) => (await get()).remove(p),
    sync: async (p) => (await get()).sync(p),
  };
}
