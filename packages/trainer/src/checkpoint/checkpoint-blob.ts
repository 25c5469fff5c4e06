import { joinPath, type FileSystem } from '../io/file-system.js';
import { CheckpointCorruptError } from './checkpoint-corrupt-error.js';
import { CHECKSUMS_FILE } from './checkpoint-io.js';
import { packTar, unpackTar } from './tar-archive.js';

/**
 * A checkpoint directory of `fs` (what ModelCheckpoint or `trainer.saveCheckpoint` wrote,
 * e.g. into the in-memory file system of a page) as one Blob to download or store: a tar
 * archive of its files, unchanged (model.safetensors, optimizer.safetensors, state.json,
 * checksums.json). `mkdir last && tar -xf last.tar -C last` gives the directory Node loads.
 */
export async function checkpointToBlob(fs: FileSystem, dir: string): Promise<Blob> {
  if (!(await fs.exists(dir))) throw new Error(`checkpointToBlob: checkpoint ${dir} does not exist`);
  const files: Record<string, Uint8Array> = {};
  for (const name of await fs.readdir(dir)) files[name] = await fs.readFile(joinPath(dir, name));
  return new Blob([packTar(files) as Uint8Array<ArrayBuffer>], { type: 'application/x-tar' });
}

/**
 * Unpacks a checkpoint Blob (or its bytes) into `dir` of `fs`, so `fit(..., { ckptPath: dir })`
 * resumes from it; the files' SHA-256 sums are checked when it is loaded, as for any checkpoint.
 */
export async function checkpointFromBlob(blob: Blob | Uint8Array, fs: FileSystem, dir: string): Promise<void> {
  const bytes = blob instanceof Uint8Array ? blob : new Uint8Array(await blob.arrayBuffer());
  const files = unpackTar(bytes, `${dir} (archive)`);
  if (!files[CHECKSUMS_FILE]) throw new CheckpointCorruptError(`${dir} (archive)`, `it holds no ${CHECKSUMS_FILE}: not a Flint checkpoint`);
  await fs.mkdir(dir);
  for (const [name, data] of Object.entries(files)) await fs.writeFile(joinPath(dir, name), data);
}
