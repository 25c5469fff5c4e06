import type * as NodeCrypto from 'node:crypto';

/** Bytes hashed per step: a checkpoint of any size is hashed without a copy of it. */
export const HASH_CHUNK_BYTES = 64 << 20;

/** WebCrypto's digest refuses inputs of 2^31 bytes or more. */
const WEBCRYPTO_MAX_BYTES = 2 ** 31 - 1;

/** Node's crypto module when running on Node (read at run time, so browsers never import it). */
const nodeCrypto = (): typeof NodeCrypto | undefined =>
  (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process?.getBuiltinModule?.('node:crypto') as typeof NodeCrypto | undefined;

/**
 * Hex SHA-256 of `bytes`: on Node an incremental hash fed `chunkBytes` at a time (any size,
 * 2 GiB and more included); in browsers WebCrypto, which takes at most 2^31 - 1 bytes.
 */
export async function sha256Hex(bytes: Uint8Array, chunkBytes = HASH_CHUNK_BYTES): Promise<string> {
  const crypto = nodeCrypto();
  if (crypto) {
    const hash = crypto.createHash('sha256');
    for (let at = 0; at < bytes.byteLength; at += chunkBytes) hash.update(bytes.subarray(at, Math.min(bytes.byteLength, at + chunkBytes)));
    return hash.digest('hex');
  }
  if (bytes.byteLength > WEBCRYPTO_MAX_BYTES) {
    throw new RangeError(`sha256: ${bytes.byteLength} bytes is more than WebCrypto hashes at once (2 GiB); save checkpoints this large from Node`);
  }
  const digest = await globalThis.crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}
