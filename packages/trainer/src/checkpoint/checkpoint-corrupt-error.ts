/** A checkpoint file is missing, unreadable or fails its SHA-256 check; `file` names it. */
export class CheckpointCorruptError extends Error {
  override readonly name = 'CheckpointCorruptError';

  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`checkpoint file ${file} is corrupt: ${reason}`);
  }
}
