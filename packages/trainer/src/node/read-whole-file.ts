import { open } from 'node:fs/promises';

/** Bytes read per call: `readFile` refuses files over 2 GiB, chunked reads do not. */
export const READ_CHUNK_BYTES = 256 << 20;

/**
 * The whole file at `path` in one array, read `chunkBytes` at a time into memory allocated
 * once at the file's size (no 2 GiB limit, no second copy). The size is taken when the file is
 * opened; a file that shrinks meanwhile is an error naming it.
 */
export async function readWholeFile(path: string, chunkBytes = READ_CHUNK_BYTES): Promise<Uint8Array> {
  const fh = await open(path, 'r');
  try {
    const { size } = await fh.stat();
    const out = new Uint8Array(size);
    for (let at = 0; at < size; ) {
      const { bytesRead } = await fh.read(out, at, Math.min(chunkBytes, size - at), at);
      if (bytesRead === 0) throw new Error(`${path}: file ended at byte ${at} of ${size} while it was read`);
      at += bytesRead;
    }
    return out;
  } finally {
    await fh.close();
  }
}
