// Node only: the real disk. Selected by the `#default-file-system` import's `node` condition,
// so a browser bundle never sees `node:fs`.
import type { FileSystem } from './file-system.js';

/** The file system a Trainer uses when none is given: Node's, loaded on first use. */
export async function defaultFileSystem(): Promise<FileSystem> {
  return (await import('../node/node-file-system.js')).nodeFileSystem;
}
