/* eslint-disable @typescript-eslint/no-empty-function, @typescript-eslint/no-unused-vars -- hooks are no-op defaults subclasses override */
import type { FileStat, FileSystem } from './file-system.js';

/** A file system held in memory: browsers without OPFS, and unit tests. */
export class MemoryFileSystem implements FileSystem {
  readonly files = new Map<string, Uint8Array>();
  readonly dirs = new Set<string>(['', '.', '/']);

  async mkdir(path: string): Promise<void> {
    let p = '';
    for (const part of path.split('/')) {
      p = p === '' ? part : `${p}/${part}`;
      this.dirs.add(p);
    }
  }
  async writeFile(path: string, data: Uint8Array | string): Promise<void> {
    this.files.set(path, typeof data === 'string' ? new TextEncoder().encode(data) : new Uint8Array(data));
  }
  async appendFile(path: string, data: Uint8Array | string): Promise<void> {
    const old = this.files.get(path) ?? new Uint8Array(0);
    const add = typeof data === 'string' ? new TextEncoder().encode(data) : data;
    const out = new Uint8Array(old.length + add.length);
    out.set(old);
    out.set(add, old.length);
    this.files.set(path, out);
  }
  async readFile(path: string): Promise<Uint8Array> {
    const f = this.files.get(path);
    if (!f) throw new Error(`ENOENT: ${path}`);
    return f;
  }
  async readText(path: string): Promise<string> {
    return new TextDecoder().decode(await this.readFile(path));
  }
  async readRange(path: string, offset: number, length: number): Promise<Uint8Array> {
    return (await this.readFile(path)).slice(offset, offset + length);
  }
  async exists(path: string): Promise<boolean> {
    return this.files.has(path) || this.dirs.has(path);
  }
  async readdir(path: string): Promise<string[]> {
    const prefix = `${path}/`;
    const names = new Set<string>();
    for (const k of [...this.files.keys(), ...this.dirs]) if (k.startsWith(prefix)) names.add(k.slice(prefix.length).split('/')[0]);
    return [...names];
  }
  async lstat(path: string): Promise<FileStat | null> {
    const f = this.files.get(path);
    if (f) return { kind: 'file', size: f.byteLength };
    return this.dirs.has(path) ? { kind: 'directory', size: 0 } : null;
  }
  async rename(from: string, to: string): Promise<void> {
    for (const [k, v] of [...this.files]) {
      if (k === from || k.startsWith(`${from}/`)) {
        this.files.delete(k);
        this.files.set(to + k.slice(from.length), v);
      }
    }
    for (const d of [...this.dirs]) {
      if (d === from || d.startsWith(`${from}/`)) {
        this.dirs.delete(d);
        this.dirs.add(to + d.slice(from.length));
      }
    }
  }
  async remove(path: string): Promise<void> {
    for (const k of [...this.files.keys()]) if (k === path || k.startsWith(`${path}/`)) this.files.delete(k);
    for (const d of [...this.dirs]) if (d === path || d.startsWith(`${path}/`)) this.dirs.delete(d);
  }
  async sync(): Promise<void> {}
}
