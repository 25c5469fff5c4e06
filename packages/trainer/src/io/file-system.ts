/** What `lstat` says of a path: its kind (a symlink is not followed) and its size in bytes. */
export interface FileStat {
  readonly kind: 'file' | 'directory' | 'symlink' | 'other';
  readonly size: number;
}

/**
 * The few file operations the trainer needs (checkpoints, logger files). The Node
 * implementation is in `@flint/trainer/node`; a browser can pass one over OPFS or memory.
 */
export interface FileSystem {
  mkdir(path: string): Promise<void>;
  writeFile(path: string, data: Uint8Array | string): Promise<void>;
  appendFile(path: string, data: Uint8Array | string): Promise<void>;
  readFile(path: string): Promise<Uint8Array>;
  readText(path: string): Promise<string>;
  /** `length` bytes from `offset` (fewer at the end of the file), without reading the rest. */
  readRange(path: string, offset: number, length: number): Promise<Uint8Array>;
  exists(path: string): Promise<boolean>;
  readdir(path: string): Promise<string[]>;
  /** The path itself (a symlink is reported, not followed), or null when nothing is there. */
  lstat(path: string): Promise<FileStat | null>;
  rename(from: string, to: string): Promise<void>;
  remove(path: string): Promise<void>;
  /** Flushes a file or directory to stable storage (a no-op where that has no meaning). */
  sync(path: string): Promise<void>;
}

/** Joins path parts with '/', the separator every platform Flint runs on accepts. */
export function joinPath(...parts: string[]): string {
  return parts
    .filter((p) => p !== '')
    .join('/')
    .replace(/\/+/g, '/');
}
