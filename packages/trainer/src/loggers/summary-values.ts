import { ProtoWriter } from './event-proto.js';

/**
 * `Summary.Value`s beyond scalars, as TensorFlow's `summary.proto` defines them:
 * `histo = 5` (`HistogramProto { min = 1; max = 2; num = 3; sum = 4; sum_squares = 5;
 * bucket_limit = 6; bucket = 7 }`), `image = 4` (`Image { height = 1; width = 2; colorspace = 3;
 * encoded_image_string = 4 }`), and plugin data in `metadata = 9`
 * (`SummaryMetadata { PluginData plugin_data = 1 { plugin_name = 1; content = 2 } }`).
 */

/** A histogram of `values` in `bins` equal-width buckets (each bucket's right edge as its limit). */
export function histogramValue(tag: string, values: ArrayLike<number>, bins = 30): Uint8Array {
  let min = Infinity, max = -Infinity, sum = 0, sumSq = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    min = Math.min(min, v);
    max = Math.max(max, v);
    sum += v;
    sumSq += v * v;
  }
  if (values.length === 0) min = max = 0;
  const width = (max - min) / bins || 1;
  const limits = Float64Array.from({ length: bins }, (_, i) => (i === bins - 1 ? max : min + (i + 1) * width));
  const counts = new Float64Array(bins);
  for (let i = 0; i < values.length; i++) counts[Math.min(bins - 1, Math.floor((values[i] - min) / width))]++;
  const histo = new ProtoWriter().double(1, min).double(2, max).double(3, values.length).double(4, sum).double(5, sumSq).doubles(6, limits).doubles(7, counts).finish();
  return new ProtoWriter().string(1, tag).message(5, histo).finish();
}

/** An image summary holding `png` (colorspace 1 gray, 3 RGB, 4 RGBA). */
export function imageValue(tag: string, png: Uint8Array, height: number, width: number, channels: 1 | 3 | 4): Uint8Array {
  const image = new ProtoWriter().int64(1, height).int64(2, width).int64(3, channels).message(4, png).finish();
  return new ProtoWriter().string(1, tag).message(4, image).finish();
}

/** A value carrying only plugin data (what the hparams plugin reads). */
export function pluginValue(tag: string, pluginName: string, content: Uint8Array): Uint8Array {
  const pluginData = new ProtoWriter().string(1, pluginName).message(2, content).finish();
  const metadata = new ProtoWriter().message(1, pluginData).finish();
  return new ProtoWriter().string(1, tag).message(9, metadata).finish();
}
