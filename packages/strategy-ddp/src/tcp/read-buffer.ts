/** Bytes one socket read may deliver. */
export const READ_BUFFER_BYTES = 256 * 1024;

/**
 * The reused memory a receiving socket reads into (`onread`), with element views over it. A
 * read lands at offset 0..3, chosen so that buffer offsets and stream offsets agree modulo 4:
 * every 4-byte element of a frame (frames are whole elements) then sits at an aligned offset
 * and can be read through `f32`/`i32` in place. Reads past the end of an element leave its
 * first bytes, which are moved to the front so the next read completes it.
 */
export class AlignedReadBuffer {
  readonly bytes = new Uint8Array(READ_BUFFER_BYTES + 4);
  readonly f32 = new Float32Array(this.bytes.buffer);
  readonly i32 = new Int32Array(this.bytes.buffer);
  /** Where a read may land: views from offset 0, 1, 2 and 3 (made once, so reading allocates nothing). */
  readonly #targets = [0, 1, 2, 3].map((k) => Buffer.from(this.bytes.buffer, k, READ_BUFFER_BYTES + 4 - k));
  #landing = 0;

  /** The buffer the next read fills (for `onread.buffer`). */
  readonly target = (): Buffer => this.#targets[this.#landing];

  /** Offset in `bytes` where the last read landed. */
  get landing(): number {
    return this.#landing;
  }

  /** The next read lands at `offset` (0..3). */
  landAt(offset: number): void {
    this.#landing = offset;
  }
}
