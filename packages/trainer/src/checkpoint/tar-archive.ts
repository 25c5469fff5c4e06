import { CheckpointCorruptError } from './checkpoint-corrupt-error.js';

const BLOCK = 512;
const enc = new TextEncoder();
const dec = new TextDecoder();

/** A name a checkpoint file may have inside an archive: one path part, nothing that climbs. */
const SAFE_NAME = /^[A-Za-z0-9._=-]{1,99}$/;

function writeField(h: Uint8Array, offset: number, length: number, text: string): void {
  h.set(enc.encode(text).subarray(0, length), offset);
}

const octal = (n: number, width: number): string => n.toString(8).padStart(width - 1, '0');

function header(name: string, size: number): Uint8Array {
  const h = new Uint8Array(BLOCK);
  writeField(h, 0, 100, name);
  writeField(h, 100, 8, octal(0o644, 8));
  writeField(h, 108, 8, octal(0, 8));
  writeField(h, 116, 8, octal(0, 8));
  writeField(h, 124, 12, octal(size, 12));
  writeField(h, 136, 12, octal(0, 12));
  h.fill(0x20, 148, 156); // checksum field counts as spaces while summing
  h[156] = 0x30; // '0': a regular file
  writeField(h, 257, 6, 'ustar');
  writeField(h, 263, 2, '00');
  let sum = 0;
  for (const b of h) sum += b;
  writeField(h, 148, 7, octal(sum, 7));
  h[154] = 0;
  h[155] = 0x20;
  return h;
}

/**
 * A POSIX ustar archive of flat files (name -> bytes): what `tar -cf x.tar -C dir .` makes of a
 * checkpoint directory, without the directory entry. `tar -xf` unpacks it on any system.
 */
export function packTar(files: Readonly<Record<string, Uint8Array>>): Uint8Array {
  const names = Object.keys(files).sort();
  let total = 2 * BLOCK;
  for (const n of names) {
    if (!SAFE_NAME.test(n)) throw new Error(`packTar: file name '${n}' cannot go into a checkpoint archive (one path part of [A-Za-z0-9._=-])`);
    total += BLOCK + Math.ceil(files[n].byteLength / BLOCK) * BLOCK;
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const n of names) {
    out.set(header(n, files[n].byteLength), at);
    out.set(files[n], at + BLOCK);
    at += BLOCK + Math.ceil(files[n].byteLength / BLOCK) * BLOCK;
  }
  return out;
}

const field = (h: Uint8Array, offset: number, length: number): string => {
  const raw = h.subarray(offset, offset + length);
  const end = raw.indexOf(0);
  return dec.decode(end < 0 ? raw : raw.subarray(0, end));
};

/**
 * The regular files of a ustar archive. Every header's checksum, size and name is checked
 * before its data is read; `source` names the archive in the CheckpointCorruptError.
 */
export function unpackTar(bytes: Uint8Array, source: string): Record<string, Uint8Array> {
  const files: Record<string, Uint8Array> = {};
  let at = 0;
  while (at + BLOCK <= bytes.length) {
    const h = bytes.subarray(at, at + BLOCK);
    if (h.every((b) => b === 0)) return files;
    let sum = 0;
    for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : h[i];
    const stored = Number.parseInt(field(h, 148, 8).trim(), 8);
    if (stored !== sum) throw new CheckpointCorruptError(source, `tar header at byte ${at} fails its checksum`);
    const name = field(h, 0, 100).replace(/^\.\//, '');
    const size = Number.parseInt(field(h, 124, 12).trim(), 8);
    if (!Number.isSafeInteger(size) || size < 0 || at + BLOCK + size > bytes.length) {
      throw new CheckpointCorruptError(source, `entry '${name}' claims ${size} bytes, past the end of the archive`);
    }
    const type = String.fromCharCode(h[156]);
    if (type === '0' || type === '\0') {
      if (!SAFE_NAME.test(name)) throw new CheckpointCorruptError(source, `entry '${name}' is not a plain file name`);
      files[name] = bytes.slice(at + BLOCK, at + BLOCK + size);
    } else if (type !== '5' || (name !== '' && name !== '.' && name !== './')) {
      throw new CheckpointCorruptError(source, `entry '${name}' of type '${type}' is not a checkpoint file`);
    }
    at += BLOCK + Math.ceil(size / BLOCK) * BLOCK;
  }
  throw new CheckpointCorruptError(source, 'the archive ends without its end-of-archive blocks');
}
