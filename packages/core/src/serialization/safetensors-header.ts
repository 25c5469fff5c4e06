import { rejectPickle } from './pickle-detection.js';
import { SafetensorsError } from './safetensors-error.js';
import { checkHeaderKeys } from './header-keys.js';
import { codecOf, isSafetensorsDType, type SafetensorsDType } from './safetensors-dtype.js';

/** The reference implementation's limit on the JSON header (100 MB). */
export const MAX_HEADER_SIZE = 100_000_000;

/** One tensor's entry in the header, validated. Offsets are relative to the data section. */
export interface SafetensorsEntry {
  readonly name: string;
  readonly dtype: SafetensorsDType;
  readonly shape: readonly number[];
  readonly begin: number;
  readonly end: number;
}

/** A validated header: entries in file order (by offset), the metadata, where the data starts. */
export interface SafetensorsHeader {
  readonly entries: readonly SafetensorsEntry[];
  readonly metadata: Readonly<Record<string, string>> | null;
  /** Byte offset of the data section in the buffer: 8 + header length. */
  readonly dataStart: number;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

function checkedMul(a: number, b: number, what: string): number {
  const r = a * b;
  if (!Number.isSafeInteger(r)) throw new SafetensorsError('ValidationOverflow', `${what} overflows`);
  return r;
}

function parseEntry(name: string, raw: unknown): SafetensorsEntry {
  if (!isRecord(raw)) throw new SafetensorsError('InvalidHeaderDeserialization', `tensor '${name}' is not an object`);
  const { dtype, shape, data_offsets: offsets } = raw;
  if (!isSafetensorsDType(dtype)) throw new SafetensorsError('InvalidDType', `tensor '${name}' has unknown dtype ${JSON.stringify(dtype)}`);
  if (!Array.isArray(shape) || !shape.every(isCount)) {
    throw new SafetensorsError('TensorInvalidInfo', `tensor '${name}' has invalid shape ${JSON.stringify(shape)}`);
  }
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isCount)) {
    throw new SafetensorsError('TensorInvalidInfo', `tensor '${name}' has invalid data_offsets ${JSON.stringify(offsets)}`);
  }
  const [begin, end] = offsets as [number, number];
  if (begin > end) throw new SafetensorsError('InvalidOffset', `tensor '${name}': data_offsets [${begin},${end}] end before they begin`);
  let count = 1;
  for (const d of shape as number[]) count = checkedMul(count, d, `tensor '${name}': element count of [${shape.join(',')}]`);
  const bytes = checkedMul(count, codecOf(dtype).itemSize, `tensor '${name}': byte size`);
  if (bytes !== end - begin) {
    throw new SafetensorsError(
      'TensorInvalidInfo',
      `tensor '${name}': ${dtype} [${shape.join(',')}] needs ${bytes} bytes but data_offsets [${begin},${end}] span ${end - begin}`,
    );
  }
  return { name, dtype, shape: shape as number[], begin, end };
}

function parseMetadata(raw: unknown): Record<string, string> {
  if (!isRecord(raw) || !Object.values(raw).every((v) => typeof v === 'string')) {
    throw new SafetensorsError('InvalidHeaderDeserialization', '__metadata__ must map strings to strings');
  }
  return raw as Record<string, string>;
}

/**
 * Reads and validates the header of a safetensors buffer without touching the tensor data:
 * the 8-byte little-endian length (bounds-checked against the buffer and `MAX_HEADER_SIZE`),
 * the UTF-8 JSON, every entry's dtype, shape and offsets, and that the data section is
 * covered exactly, with no gap or overlap, up to the end of the buffer.
 */
export function parseSafetensorsHeader(bytes: Uint8Array): SafetensorsHeader {
  rejectPickle(bytes);
  if (bytes.length < 8) throw new SafetensorsError('HeaderTooSmall', `buffer of ${bytes.length} bytes has no 8-byte header length`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const declared = view.getBigUint64(0, true);
  if (declared > BigInt(MAX_HEADER_SIZE)) {
    throw new SafetensorsError('HeaderTooLarge', `header length ${declared} exceeds the limit of ${MAX_HEADER_SIZE} bytes`);
  }
  const n = Number(declared);
  if (8 + n > bytes.length) {
    throw new SafetensorsError('InvalidHeaderLength', `header length ${n} runs past the end of a ${bytes.length}-byte buffer`);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + n));
  } catch {
    throw new SafetensorsError('InvalidHeader', 'header is not valid UTF-8');
  }
  if (!text.startsWith('{')) throw new SafetensorsError('InvalidHeaderStart', `header must start with '{', got ${JSON.stringify(text.slice(0, 8))}`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new SafetensorsError('InvalidHeaderDeserialization', `header is not JSON: ${(e as Error).message}`);
  }
  if (!isRecord(json)) throw new SafetensorsError('InvalidHeaderDeserialization', 'header is not a JSON object');
  checkHeaderKeys(text);

  let metadata: Record<string, string> | null = null;
  const entries: SafetensorsEntry[] = [];
  for (const [name, raw] of Object.entries(json)) {
    if (name === '__metadata__') metadata = parseMetadata(raw);
    else entries.push(parseEntry(name, raw));
  }
  entries.sort((a, b) => a.begin - b.begin || a.end - b.end);
  const dataStart = 8 + n;
  let expected = 0;
  for (const e of entries) {
    if (e.begin !== expected) {
      throw new SafetensorsError('InvalidOffset', `tensor '${e.name}': data starts at ${e.begin}, expected ${expected} (gap or overlap)`);
    }
    if (dataStart + e.end > bytes.length) {
      throw new SafetensorsError('InvalidOffset', `tensor '${e.name}': data_offsets [${e.begin},${e.end}] run past the end of the ${bytes.length - dataStart}-byte data section`);
    }
    expected = e.end;
  }
  if (dataStart + expected !== bytes.length) {
    throw new SafetensorsError(
      'MetadataIncompleteBuffer',
      `tensors end at byte ${dataStart + expected} but the buffer has ${bytes.length} bytes`,
    );
  }
  return { entries, metadata, dataStart };
}
