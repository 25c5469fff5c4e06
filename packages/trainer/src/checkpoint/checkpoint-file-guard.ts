import { joinPath, type FileSystem } from '../io/file-system.js';
import { CheckpointCorruptError } from './checkpoint-corrupt-error.js';

/** A file name a checkpoint may hold: one plain path part, nothing that climbs or hides. */
const FILE_NAME = /^[A-Za-z0-9_=-][A-Za-z0-9._=-]{0,99}$/;

/** The most a JSON file of a checkpoint (state.json, checksums.json) may weigh. */
export const MAX_JSON_BYTES = 64 * 1024 * 1024;

/** The most files a checkpoint's manifest may list. */
export const MAX_CHECKPOINT_FILES = 64;

/** The safetensors header limit of the reference implementation (100 MB). */
const MAX_SAFETENSORS_HEADER = 100_000_000;

/** Whether `name` may name a file inside a checkpoint directory. */
export function isCheckpointFileName(name: string): boolean {
  return FILE_NAME.test(name) && name !== '..';
}

/**
 * Checks checkpoint file `name` of `dir` before a byte of it is read: a plain name inside the
 * directory, a regular file (no symlink, device, FIFO or directory), of a size its kind allows:
 * JSON up to `MAX_JSON_BYTES`, safetensors exactly what their header says (the header alone is
 * read for that). Returns the size; every refusal is a CheckpointCorruptError naming the file.
 */
export async function checkCheckpointFile(fs: FileSystem, dir: string, name: string, listedIn: string): Promise<number> {
  if (!isCheckpointFileName(name)) throw new CheckpointCorruptError(listedIn, `lists '${name}', which is not a file name inside the checkpoint directory`);
  const path = joinPath(dir, name);
  const st = await fs.lstat(path);
  if (st === null) throw new CheckpointCorruptError(path, 'missing');
  if (st.kind === 'symlink') throw new CheckpointCorruptError(path, 'is a symbolic link; a checkpoint holds only regular files');
  if (st.kind !== 'file') throw new CheckpointCorruptError(path, `is a ${st.kind === 'directory' ? 'directory' : 'device, FIFO or socket'}, not a regular file`);
  if (name.endsWith('.json') && st.size > MAX_JSON_BYTES) throw new CheckpointCorruptError(path, `${st.size} bytes is over the ${MAX_JSON_BYTES}-byte limit of a checkpoint's JSON file`);
  if (name.endsWith('.safetensors')) await checkSafetensorsSize(fs, path, st.size);
  return st.size;
}

/** The file's size must be 8 + header length + the end of its last tensor, as the header says. */
async function checkSafetensorsSize(fs: FileSystem, path: string, size: number): Promise<void> {
  if (size < 8) throw new CheckpointCorruptError(path, `${size} bytes is too short for a safetensors header`);
  const lenBytes = await fs.readRange(path, 0, 8);
  const n = Number(new DataView(lenBytes.buffer, lenBytes.byteOffset, 8).getBigUint64(0, true) & 0xffffffffffffn);
  if (n > MAX_SAFETENSORS_HEADER || 8 + n > size) throw new CheckpointCorruptError(path, `header length ${n} does not fit the ${size}-byte file`);
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(await fs.readRange(path, 8, n)));
  } catch (e) {
    throw new CheckpointCorruptError(path, `header is not JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) throw new CheckpointCorruptError(path, 'header is not a JSON object');
  let end = 0;
  for (const [key, entry] of Object.entries(header)) {
    if (key === '__metadata__') continue;
    const offsets = (entry as { data_offsets?: unknown } | null)?.data_offsets;
    const last = Array.isArray(offsets) ? offsets[1] : undefined;
    if (typeof last !== 'number' || !Number.isSafeInteger(last) || last < 0) throw new CheckpointCorruptError(path, `header entry '${key}' has no valid data_offsets`);
    end = Math.max(end, last);
  }
  if (8 + n + end !== size) throw new CheckpointCorruptError(path, `the header describes ${8 + n + end} bytes, the file has ${size}`);
}
