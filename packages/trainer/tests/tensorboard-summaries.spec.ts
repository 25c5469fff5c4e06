import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, inflateSync } from 'node:zlib';
import protobuf from 'protobufjs';
import { RecordReader } from 'tfrecord';
import { describe, expect, it } from 'vitest';
import { manualSeed } from '@flint/core';
import { ParameterHistograms, TensorBoardLogger, Trainer } from '../src/index.js';
import { Mlp, loaders } from './fixtures.js';

/*
 * Histograms, images and the hparams plugin, read back with the third-party readers of
 * tensorboard-third-party.spec.ts (`tfrecord`, protobufjs) against TensorFlow's summary.proto
 * and TensorBoard's hparams api.proto / plugin_data.proto fields; PNGs through node:zlib.
 */
const PROTO = `
syntax = "proto3";
package tensorboard;
message Event { double wall_time = 1; int64 step = 2; oneof what { string file_version = 3; Summary summary = 5; } }
message HistogramProto { double min = 1; double max = 2; double num = 3; double sum = 4; double sum_squares = 5;
  repeated double bucket_limit = 6 [packed = true]; repeated double bucket = 7 [packed = true]; }
message Summary {
  message Image { int32 height = 1; int32 width = 2; int32 colorspace = 3; bytes encoded_image_string = 4; }
  message Value { string tag = 1; SummaryMetadata metadata = 9;
    oneof value { float simple_value = 2; Image image = 4; HistogramProto histo = 5; } }
  repeated Value value = 1;
}
message SummaryMetadata { message PluginData { string plugin_name = 1; bytes content = 2; } PluginData plugin_data = 1; }
message ProtoValue { oneof kind { int32 null_value = 1; double number_value = 2; string string_value = 3; bool bool_value = 4; } }
message HParamInfo { string name = 1; int32 type = 4; }
message MetricName { string group = 1; string tag = 2; }
message MetricInfo { MetricName name = 1; }
message Experiment { repeated HParamInfo hparam_infos = 4; repeated MetricInfo metric_infos = 5; }
message SessionStartInfo { map<string, ProtoValue> hparams = 1; double start_time_secs = 5; }
message SessionEndInfo { int32 status = 1; double end_time_secs = 2; }
message HParamsPluginData { int32 version = 1; oneof data { Experiment experiment = 2; SessionStartInfo session_start_info = 3; SessionEndInfo session_end_info = 4; } }
`;
const root = protobuf.parse(PROTO).root;
const Event = root.lookupType('tensorboard.Event');
const PluginData = root.lookupType('tensorboard.HParamsPluginData');

interface Value {
  tag: string;
  value?: string;
  histo?: { min: number; max: number; num: number; sum: number; sumSquares: number; bucketLimit: number[]; bucket: number[] };
  image?: { height: number; width: number; colorspace: number; encodedImageString: number[] };
  metadata?: { pluginData?: { pluginName: string; content: number[] } };
}

async function readValues(path: string): Promise<{ step: number; value: Value }[]> {
  const reader = await RecordReader.create(path);
  const out: { step: number; value: Value }[] = [];
  for (let rec = await reader.readRecord(); rec !== null; rec = await reader.readRecord()) {
    // tfrecord's reader reuses its buffer from record to record: copy bytes out (bytes: Array).
    const e = Event.toObject(Event.decode(rec), { longs: Number, oneofs: true, bytes: Array }) as { step: number; summary?: { value: Value[] } };
    for (const value of e.summary?.value ?? []) out.push({ step: e.step, value });
  }
  await reader.close();
  return out;
}

describe('TensorBoardLogger histograms, images and hparams, read by third-party code', () => {
  it('ParameterHistograms writes each parameter and gradient; the hparams plugin gets experiment, session start and end', async () => {
    manualSeed(0);
    const tb = new TensorBoardLogger(Date.now, { hparamMetrics: ['val_loss'] });
    const model = new Mlp(0.1);
    const trainer = new Trainer({ accelerator: 'cpu', maxEpochs: 1, limitTrainBatches: 4, defaultRootDir: mkdtempSync(join(tmpdir(), 'flint-tbs-')), enableProgressBar: false, enableModelSummary: false, logger: [tb], callbacks: [new ParameterHistograms(tb, { everyNSteps: 2 })] });
    await trainer.fit(model, loaders().train, loaders().val);
    const values = await readValues(tb.eventFilePath);

    const histos = values.filter((v) => v.value.value === 'histo');
    const names = [...model.namedParameters()].map(([n]) => n);
    expect(histos.map((h) => `${h.step} ${h.value.tag}`)).toEqual([2, 4].flatMap((s) => names.flatMap((n) => [`${s} ${n}`, `${s} ${n}.grad`])));
    const w = histos.find((h) => h.step === 4 && h.value.tag === names[0])!.value.histo!;
    const weights = Array.from(Array.from(model.namedParameters())[0][1].dataSync());
    expect(w.num).toBe(weights.length);
    expect(w.min).toBe(Math.min(...weights));
    expect(w.max).toBe(Math.max(...weights));
    expect(w.sum).toBeCloseTo(weights.reduce((a, b) => a + b, 0), 4);
    expect(w.bucket.reduce((a, b) => a + b, 0)).toBe(weights.length);
    expect(w.bucketLimit).toHaveLength(30);
    expect(w.bucketLimit.at(-1)).toBe(w.max);

    const plugin = values.filter((v) => v.value.metadata?.pluginData?.pluginName === 'hparams');
    expect(plugin.map((p) => p.value.tag)).toEqual(['_hparams_/experiment', '_hparams_/session_start_info', '_hparams_/session_end_info']);
    const [exp, ssi, sei] = plugin.map((p) => PluginData.toObject(PluginData.decode(Uint8Array.from(p.value.metadata!.pluginData!.content)), { oneofs: true }) as Record<string, never>);
    expect(exp).toMatchObject({ data: 'experiment', experiment: { hparamInfos: [{ name: 'lr', type: 3 }, { name: 'dropout', type: 3 }], metricInfos: [{ name: { tag: 'val_loss' } }] } });
    expect(ssi).toMatchObject({ data: 'sessionStartInfo', sessionStartInfo: { hparams: { lr: { numberValue: 0.1 }, dropout: { numberValue: 0 } } } });
    expect(sei).toMatchObject({ data: 'sessionEndInfo', sessionEndInfo: { status: 1 } });
  });

  it('logImage writes a PNG that node:zlib inflates back to the pixels, with valid chunk CRCs', async () => {
    const tb = new TensorBoardLogger();
    const dir = mkdtempSync(join(tmpdir(), 'flint-tbi-'));
    const { nodeFileSystem } = await import('../src/node/node-file-system.js');
    await tb.open(nodeFileSystem, dir);
    const pixels = Uint8Array.from({ length: 6 * 7 * 3 }, (_, i) => (i * 37) % 256);
    tb.logImage('samples/digit', pixels, 6, 7, 3, 5);
    await tb.flush();
    const [img] = (await readValues(tb.eventFilePath)).filter((v) => v.value.value === 'image');
    expect(img.step).toBe(5);
    expect(img.value.image).toMatchObject({ height: 6, width: 7, colorspace: 3 });
    const png = Buffer.from(img.value.image!.encodedImageString);
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    let at = 8;
    const chunks: Record<string, Buffer> = {};
    while (at < png.length) {
      const len = png.readUInt32BE(at);
      const type = png.subarray(at + 4, at + 8).toString('latin1');
      expect(png.readUInt32BE(at + 8 + len), type).toBe(crc32(png.subarray(at + 4, at + 8 + len)));
      chunks[type] = png.subarray(at + 8, at + 8 + len);
      at += 12 + len;
    }
    expect(Object.keys(chunks)).toEqual(['IHDR', 'IDAT', 'IEND']);
    expect([chunks.IHDR.readUInt32BE(0), chunks.IHDR.readUInt32BE(4), chunks.IHDR[8], chunks.IHDR[9]]).toEqual([7, 6, 8, 2]);
    const raw = inflateSync(chunks.IDAT);
    const rows = Array.from({ length: 6 }, (_, y) => raw.subarray(y * 22, (y + 1) * 22));
    expect(rows.every((r) => r[0] === 0)).toBe(true);
    expect(Buffer.concat(rows.map((r) => r.subarray(1)))).toEqual(Buffer.from(pixels));
    expect(() => tb.logImage('bad', pixels, 5, 7, 3, 0)).toThrow('encodePng: 126 bytes do not make a 5x7x3 image');
  });
});
