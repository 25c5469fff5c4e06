import { readdirSync, readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { manualSeed } from '@flint/core';
import { crc32c, CSVLogger, readRecords, TensorBoardLogger, TfRecordError, Trainer } from '../src/index.js';
import { encodeEvent } from '../src/loggers/event-proto.js';
import { Mlp, loaders } from './fixtures.js';

/** An independent reader of the `Event` fields the logger writes (protobuf wire format). */
function decodeEvent(b: Uint8Array): { wallTime?: number; step?: number; fileVersion?: string; scalars: Record<string, number> } {
  const out: { wallTime?: number; step?: number; fileVersion?: string; scalars: Record<string, number> } = { scalars: {} };
  const fields = (buf: Uint8Array, visit: (field: number, wire: number, at: number, len: number, value: number) => void): void => {
    let at = 0;
    const varint = (): number => {
      let v = 0;
      let mul = 1;
      for (;;) {
        const byte = buf[at++];
        v += (byte & 0x7f) * mul;
        mul *= 128;
        if (byte < 0x80) return v;
      }
    };
    while (at < buf.length) {
      const key = varint();
      const [field, wire] = [key >>> 3, key & 7];
      if (wire === 0) visit(field, wire, at, 0, varint());
      else if (wire === 1 || wire === 5) {
        visit(field, wire, at, wire === 1 ? 8 : 4, 0);
        at += wire === 1 ? 8 : 4;
      } else if (wire === 2) {
        const len = varint();
        visit(field, wire, at, len, 0);
        at += len;
      } else throw new Error(`unexpected wire type ${wire}`);
    }
  };
  const dv = (buf: Uint8Array): DataView => new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  fields(b, (f, _w, at, len, v) => {
    if (f === 1) out.wallTime = dv(b).getFloat64(at, true);
    if (f === 2) out.step = v;
    if (f === 3) out.fileVersion = new TextDecoder().decode(b.subarray(at, at + len));
    if (f === 5) {
      const summary = b.subarray(at, at + len);
      fields(summary, (_f, _w2, vat, vlen) => {
        const value = summary.subarray(vat, vat + vlen);
        let tag = '';
        let simple = NaN;
        fields(value, (vf, _w3, a, l) => {
          if (vf === 1) tag = new TextDecoder().decode(value.subarray(a, a + l));
          if (vf === 2) simple = dv(value).getFloat32(a, true);
        });
        out.scalars[tag] = simple;
      });
    }
  });
  return out;
}

describe('TensorBoardLogger', () => {
  it('CRC-32C matches the RFC 3720 test vectors', () => {
    const enc = new TextEncoder();
    expect(crc32c(enc.encode('123456789'))).toBe(0xe3069283);
    expect(crc32c(new Uint8Array(32))).toBe(0x8a9136aa);
    expect(crc32c(new Uint8Array(32).fill(0xff))).toBe(0x62a8ab43);
    expect(crc32c(Uint8Array.from({ length: 32 }, (_, i) => i))).toBe(0x46dd794e);
  });

  it('encodes an Event byte for byte as protobuf does', () => {
    const bytes = encodeEvent({ wallTime: 1.5, step: 3, scalars: { loss: 0.25 } });
    const value = [0x0a, 0x04, ...new TextEncoder().encode('loss'), 0x15, 0x00, 0x00, 0x80, 0x3e];
    expect(Array.from(bytes)).toEqual([0x09, 0, 0, 0, 0, 0, 0, 0xf8, 0x3f, 0x10, 0x03, 0x2a, value.length + 2, 0x0a, value.length, ...value]);
  });

  it('a fit writes events.out.tfevents.* whose records pass their CRCs and hold every logged scalar', async () => {
    manualSeed(0);
    const root = mkdtempSync(join(tmpdir(), 'flint-tb-'));
    const tb = new TensorBoardLogger();
    const csv = new CSVLogger();
    const { train, val } = loaders();
    const trainer = new Trainer({ accelerator: 'cpu', maxEpochs: 2, defaultRootDir: root, logEveryNSteps: 1, enableProgressBar: false, enableModelSummary: false, logger: [tb, csv] });
    await trainer.fit(new Mlp(0.1), train, val);

    const files = readdirSync(trainer.logDir).filter((f) => f.startsWith('events.out.tfevents.'));
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^events\.out\.tfevents\.\d{10}\.[\w.-]+\.\d+\.\d+$/);
    expect(join(trainer.logDir, files[0])).toBe(tb.eventFilePath);
    const bytes = new Uint8Array(readFileSync(tb.eventFilePath));
    const events = readRecords(bytes).map(decodeEvent);
    expect(events[0]).toMatchObject({ step: 0, fileVersion: 'brain.Event:2' });
    expect(Math.abs(events[0].wallTime! - Date.now() / 1000)).toBeLessThan(120);

    // The same rows as metrics.csv, values rounded to float32 as TensorBoard stores them.
    const lines = readFileSync(join(trainer.logDir, 'metrics.csv'), 'utf8').trim().split('\n');
    const keys = lines[0].split(',');
    const rows = lines.slice(1).map((l) => l.split(','));
    // The hparams plugin's experiment, session start and end (tensorboard-summaries.spec.ts) carry no scalars.
    const isHparams = (e: (typeof events)[number]): boolean => Object.keys(e.scalars).some((t) => t.startsWith('_hparams_/'));
    expect(events.slice(1).filter(isHparams)).toHaveLength(3);
    const fromTb = events.slice(1).filter((e) => !isHparams(e));
    expect(fromTb).toHaveLength(rows.length);
    rows.forEach((r, i) => {
      expect(fromTb[i].step).toBe(Number(r[0]));
      const expected: Record<string, number> = {};
      keys.forEach((k, j) => k !== 'step' && r[j] !== '' && (expected[k] = Math.fround(Number(r[j]))));
      expect(fromTb[i].scalars).toEqual(expected);
    });
    expect(fromTb.filter((e) => 'train_loss' in e.scalars)).toHaveLength(16);
    expect(fromTb.filter((e) => 'val_loss' in e.scalars)).toHaveLength(2);
    expect(readFileSync(join(trainer.logDir, 'hparams.yaml'), 'utf8')).toBe('lr: 0.1\ndropout: 0\n');

    // A flipped bit is caught by the record's CRC, naming the record.
    const bad = Uint8Array.from(bytes);
    const second = 16 + (readRecords(bytes)[0].length);
    bad[second + 14] ^= 0x04;
    writeFileSync(join(root, 'bad.tfevents'), bad);
    expect(() => readRecords(new Uint8Array(readFileSync(join(root, 'bad.tfevents'))))).toThrow(new TfRecordError(1, second, 'data CRC mismatch'));
  });
});
