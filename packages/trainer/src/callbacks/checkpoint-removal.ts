import { joinPath, type FileSystem } from '../io/file-system.js';
import { CHECKSUMS_FILE } from '../checkpoint/checkpoint-io.js';

/**
 * A name top-k may hold: one path part, not hidden, nothing that climbs or names a device.
 * Names come from `state.json` too, so they are untrusted until they pass this.
 */
export function isCheckpointName(name: unknown): name is string {
  return typeof name === 'string' && name.length > 0 && name.length <= 255 && !name.startsWith('.') && !/[/\\\0]/.test(name);
}

let counter = 0;

/**
 * Deletes the checkpoint directory `name` that a ModelCheckpoint wrote inside `dirpath`, and
 * nothing else: `name` must be one plain path part and the directory must hold a checkpoint's
 * `checksums.json`. It is first renamed to a hidden `.<name>.trash-*` name, so a crash mid-delete leaves
 * debris that run-dir recovery removes, never a half-deleted checkpoint under its real name.
 * Returns false (and touches nothing) when `name` is not such a directory.
 */
export async function removeCheckpointDir(fs: FileSystem, dirpath: string, name: string): Promise<boolean> {
  if (!isCheckpointName(name)) return false;
  const path = joinPath(dirpath, name);
  const st = await fs.lstat(path);
  if (st?.kind !== 'directory') return false;
  const manifest = await fs.lstat(joinPath(path, CHECKSUMS_FILE));
  if (manifest?.kind !== 'file') return false;
  const trash = joinPath(dirpath, `.${name}.trash-${typeof process === 'object' ? process.pid : 0}-${counter++}`);
  await fs.rename(path, trash);
  await fs.sync(dirpath);
  await fs.remove(trash);
  return true;
}
