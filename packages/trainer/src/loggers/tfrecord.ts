import { maskedCrc32c } from './crc32c.js';

/** A TFRecord file is broken: which record, at which byte offset, and what is wrong. */
export class TfRecordError extends Error {
  override readonly name = 'TfRecordError';
  constructor(
    readonly index: number,
    readonly offset: number,
    problem: string,
  ) {
    super(`TFRecord ${index} at byte ${offset}: ${problem}`);
  }
}

/**
 * Frames one record: `uint64 length`, `uint32 masked_crc32c(length)`, the data,
 * `uint32 masked_crc32c(data)`, all little-endian.
 */
export function frameRecord(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(16 + data.length);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(data.length), true);
  view.setUint32(8, maskedCrc32c(out.subarray(0, 8)), true);
  out.set(data, 12);
  view.setUint32(12 + data.length, maskedCrc32c(data), true);
  return out;
}

/** Splits a TFRecord file into its records, checking both CRCs of every one. */
export function readRecords(file: Uint8Array): Uint8Array[] {
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const out: Uint8Array[] = [];
  for (let at = 0; at < file.length; ) {
    const index = out.length;
    if (at + 12 > file.length) throw new TfRecordError(index, at, `truncated header (${file.length - at} bytes left)`);
    const len = Number(view.getBigUint64(at, true));
    if (view.getUint32(at + 8, true) !== maskedCrc32c(file.subarray(at, at + 8))) throw new TfRecordError(index, at, 'length CRC mismatch');
    if (at + 16 + len > file.length) throw new TfRecordError(index, at, `truncated data (${len} bytes announced)`);
    const data = file.subarray(at + 12, at + 12 + len);
    if (view.getUint32(at + 12 + len, true) !== maskedCrc32c(data)) throw new TfRecordError(index, at, 'data CRC mismatch');
    out.push(data);
    at += 16 + len;
  }
  return out;
}
