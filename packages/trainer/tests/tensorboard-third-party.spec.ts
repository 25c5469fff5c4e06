import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import protobuf from 'protobufjs';
import { RecordReader } from 'tfrecord';
import { describe, expect, it } from 'vitest';
import { manualSeed } from '@flint/core';
import { CSVLogger, TensorBoardLogger, Trainer } from '../src/index.js';
import { Mlp, loaders } from './fixtures.js';

/*
 * TensorBoard itself comes only from PyPI, which this machine cannot reach (neither Debian nor npm
 * packages it). This spec reads the logger's files with code Flint did not write: the `tfrecord`
 * package's reader (TFRecord framing, masked CRC-32C of length and data, through `fast-crc32c`)
 * and protobufjs decoding against the fields of TensorFlow's `event.proto` and `summary.proto` as
 * TensorBoard's event loader parses them (`tensorboard/compat/proto`).
 */
const EVENT_PROTO = `
syntax = "proto3";
package tensorboard;
message Event {
  double wall_time = 1;
  int64 step = 2;
  oneof what {
    string file_version = 3;
    bytes graph_def = 4;
    Summary summary = 5;
  }
}
message Summary {
  message Value {
    string node_name = 7;
    string tag = 1;
    SummaryMetadata metadata = 9;
    oneof value {
      float simple_value = 2;
      bytes obsolete_old_style_histogram = 3;
    }
  }
  repeated Value value = 1;
}
message SummaryMetadata {
  string display_name = 2;
  string summary_description = 3;
}
`;

interface DecodedEvent {
  wallTime: number;
  step: number;
  fileVersion?: string;
  summary?: { value: { tag: string; simpleValue?: number; value?: string }[] };
  what?: string;
}

async function readEvents(path: string): Promise<DecodedEvent[]> {
  const Event = protobuf.parse(EVENT_PROTO).root.lookupType('tensorboard.Event');
  const reader = await RecordReader.create(path);
  const out: DecodedEvent[] = [];
  for (let rec = await reader.readRecord(); rec !== null; rec = await reader.readRecord()) {
    const msg = Event.decode(rec);
    out.push(Event.toObject(msg, { longs: Number, oneofs: true, defaults: true }) as DecodedEvent);
  }
  await reader.close();
  return out;
}

describe('TensorBoardLogger files, read by third-party TFRecord and protobuf code', () => {
  it('every record passes tfrecord\'s CRC checks and decodes as Event protos holding the logged scalars', async () => {
    manualSeed(0);
    const root = mkdtempSync(join(tmpdir(), 'flint-tb3-'));
    const tb = new TensorBoardLogger();
    const csv = new CSVLogger();
    const { train, val } = loaders();
    const trainer = new Trainer({ accelerator: 'cpu', maxEpochs: 2, defaultRootDir: root, logEveryNSteps: 1, enableProgressBar: false, enableModelSummary: false, logger: [tb, csv] });
    await trainer.fit(new Mlp(0.1), train, val);

    const events = await readEvents(tb.eventFilePath);
    expect(events[0]).toMatchObject({ step: 0, fileVersion: 'brain.Event:2', what: 'fileVersion' });
    // The hparams plugin's experiment, session start and end (tensorboard-summaries.spec.ts) hold no scalars.
    const scalars = events.slice(1).filter((e) => !e.summary?.value.some((v) => v.tag.startsWith('_hparams_/')));
    expect(events.length - 1 - scalars.length).toBe(3);
    expect(scalars.every((e) => e.what === 'summary' && e.wallTime >= events[0].wallTime)).toBe(true);

    // The rows of metrics.csv, as float32 (TensorBoard's simple_value), tag by tag and step by step.
    const lines = readFileSync(join(trainer.logDir, 'metrics.csv'), 'utf8').trim().split('\n');
    const keys = lines[0].split(',');
    const rows = lines.slice(1).map((l) => l.split(','));
    expect(scalars).toHaveLength(rows.length);
    rows.forEach((r, i) => {
      expect(scalars[i].step).toBe(Number(r[0]));
      const expected: Record<string, number> = {};
      keys.forEach((k, j) => k !== 'step' && r[j] !== '' && (expected[k] = Math.fround(Number(r[j]))));
      const values = scalars[i].summary?.value ?? [];
      expect(Object.fromEntries(values.map((v) => [v.tag, v.simpleValue]))).toEqual(expected);
      expect(values.every((v) => v.value === 'simpleValue')).toBe(true);
    });
    expect(scalars.filter((e) => e.summary?.value.some((v) => v.tag === 'train_loss'))).toHaveLength(16);

    // The reader checks what it claims to: one flipped bit in the second record's data fails it.
    const bytes = readFileSync(tb.eventFilePath);
    const second = 16 + bytes.readUInt32LE(0);
    bytes[second + 14] ^= 0x04;
    writeFileSync(join(root, 'flipped.tfevents'), bytes);
    await expect(readEvents(join(root, 'flipped.tfevents'))).rejects.toThrow('Incorrect record CRC32C');
  });
});
