// Browser: no disk, so logs and checkpoints go to memory unless the user passes a FileSystem
// (`createContainer({ fs })`). Selected by the `#default-file-system` import's default condition.
import type { FileSystem } from './file-system.js';
import { MemoryFileSystem } from './memory-file-system.js';

/** The file system a Trainer uses when none is given: an in-memory one in a browser. */
export async function defaultFileSystem(): Promise<FileSystem> {
  return new MemoryFileSystem();
}
