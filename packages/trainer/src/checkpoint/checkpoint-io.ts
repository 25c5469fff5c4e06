import '../di/reflect-polyfill.js';
import { inject, injectable } from 'tsyringe';
import { FILE_SYSTEM } from '../di/tokens.js';
import { joinPath, type FileSystem } from '../io/file-system.js';
import { CheckpointCorruptError } from './checkpoint-corrupt-error.js';
import { sha256Hex } from './sha256.js';
import { checkCheckpointFile, MAX_CHECKPOINT_FILES } from './checkpoint-file-guard.js';

/** The file inside every checkpoint directory that lists the SHA-256 of the others. */
export const CHECKSUMS_FILE = 'checksums.json';

/** Reads and writes checkpoint directories: files by name, verified on load. */
export interface CheckpointIO {
  save(dir: string, files: Readonly<Record<string, Uint8Array>>): Promise<void>;
  /** Every file of the directory, each checked against its SHA-256 before it is returned. */
  load(dir: string): Promise<Record<string, Uint8Array>>;
  remove(dir: string): Promise<void>;
  exists(dir: string): Promise<boolean>;
}

interface Checksums {
  readonly files: Record<string, string>;
  /** SHA-256 of `JSON.stringify(files)`, so a flipped bit in this file is caught too. */
  readonly self: string;
}

let counter = 0;

/**
 * Writes a checkpoint directory atomically: every file into a temp directory next to the
 * target, fsync, then rename over the target (an existing one is moved aside first and
 * removed after), so a crash leaves the old checkpoint or the new one, never half of one.
 */
@injectable()
export class AtomicCheckpointIO implements CheckpointIO {
  constructor(@inject(FILE_SYSTEM) private readonly fs: FileSystem) {}

  async save(dir: string, files: Readonly<Record<string, Uint8Array>>): Promise<void> {
    const parent = dir.includes('/') ? dir.slice(0, dir.lastIndexOf('/')) : '.';
    const base = dir.slice(dir.lastIndexOf('/') + 1);
    const tag = `${typeof process === 'object' ? process.pid : 0}-${counter++}`;
    const tmp = joinPath(parent, `.${base}.tmp-${tag}`);
    await this.fs.mkdir(tmp);
    try {
      const sums: Record<string, string> = {};
      for (const [name, bytes] of Object.entries(files)) {
        await this.fs.writeFile(joinPath(tmp, name), bytes);
        await this.fs.sync(joinPath(tmp, name));
        sums[name] = await sha256Hex(bytes);
      }
      const manifest: Checksums = { files: sums, self: await sha256Hex(new TextEncoder().encode(JSON.stringify(sums))) };
      await this.fs.writeFile(joinPath(tmp, CHECKSUMS_FILE), JSON.stringify(manifest, null, 1));
      await this.fs.sync(joinPath(tmp, CHECKSUMS_FILE));
      await this.fs.sync(tmp);
    } catch (e) {
      // A save that failed (disk full, a file too large to hash) leaves no debris behind.
      await this.fs.remove(tmp).catch(() => undefined);
      throw e;
    }
    const old = joinPath(parent, `.${base}.old-${tag}`);
    const hadOld = await this.fs.exists(dir);
    if (hadOld) await this.fs.rename(dir, old);
    await this.fs.rename(tmp, dir);
    await this.fs.sync(parent);
    if (hadOld) await this.fs.remove(old);
  }

  async load(dir: string): Promise<Record<string, Uint8Array>> {
    const manifestPath = joinPath(dir, CHECKSUMS_FILE);
    if (!(await this.fs.exists(dir))) throw new Error(`checkpoint ${dir} does not exist`);
    let manifest: Checksums;
    try {
      await checkCheckpointFile(this.fs, dir, CHECKSUMS_FILE, dir);
      manifest = JSON.parse(await this.fs.readText(manifestPath)) as Checksums;
    } catch (e) {
      if (e instanceof CheckpointCorruptError) throw e;
      throw new CheckpointCorruptError(manifestPath, e instanceof Error ? e.message : String(e));
    }
    if (typeof manifest?.files !== 'object' || manifest.files === null || (await sha256Hex(new TextEncoder().encode(JSON.stringify(manifest.files)))) !== manifest.self) {
      throw new CheckpointCorruptError(manifestPath, 'its own checksum does not match');
    }
    const entries = Object.entries(manifest.files);
    if (entries.length > MAX_CHECKPOINT_FILES) throw new CheckpointCorruptError(manifestPath, `lists ${entries.length} files, more than the ${MAX_CHECKPOINT_FILES} a checkpoint may hold`);
    // Every listed file is checked (name, kind, size) before any of them is read.
    for (const [name] of entries) await checkCheckpointFile(this.fs, dir, name, manifestPath);
    const out = Object.create(null) as Record<string, Uint8Array>;
    for (const [name, want] of entries) {
      const path = joinPath(dir, name);
      let bytes: Uint8Array;
      try {
        bytes = await this.fs.readFile(path);
      } catch (e) {
        throw new CheckpointCorruptError(path, `cannot be read (${e instanceof Error ? e.message : String(e)})`);
      }
      const got = await sha256Hex(bytes);
      if (got !== want) throw new CheckpointCorruptError(path, `SHA-256 ${got} differs from the recorded ${want}`);
      out[name] = bytes;
    }
    return out;
  }

  remove(dir: string): Promise<void> {
    return this.fs.remove(dir);
  }

  exists(dir: string): Promise<boolean> {
    return this.fs.exists(dir);
  }
}
