import { ProtoWriter } from './event-proto.js';
import { pluginValue } from './summary-values.js';

/**
 * TensorBoard's HPARAMS tab reads three summaries, as PyTorch's `add_hparams` and Lightning write
 * them (`tensorboard/plugins/hparams/api.proto` and `plugin_data.proto`):
 * `HParamsPluginData { version = 1; experiment = 2; session_start_info = 3; session_end_info = 4 }`.
 */
export type HparamValue = number | string | boolean;

const HPARAMS = 'hparams';

/** `google.protobuf.Value`: number_value = 2, string_value = 3, bool_value = 4. */
function protoValue(v: HparamValue): Uint8Array {
  const w = new ProtoWriter();
  if (typeof v === 'number') w.double(2, v);
  else if (typeof v === 'boolean') w.int64(4, v ? 1 : 0);
  else w.string(3, v);
  return w.finish();
}

/** DataType: STRING = 1, BOOL = 2, FLOAT64 = 3. */
const dataType = (v: HparamValue): number => (typeof v === 'number' ? 3 : typeof v === 'boolean' ? 2 : 1);

/** The hyper-parameters a run can show: numbers, strings and booleans (others as JSON strings). */
export function flattenHparams(hp: Readonly<Record<string, unknown>>, prefix = ''): Record<string, HparamValue> {
  const out: Record<string, HparamValue> = {};
  for (const [k, v] of Object.entries(hp)) {
    const key = prefix ? `${prefix}/${k}` : k;
    if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') out[key] = v;
    else if (v !== null && typeof v === 'object' && !Array.isArray(v)) Object.assign(out, flattenHparams(v as Record<string, unknown>, key));
    else out[key] = JSON.stringify(v) ?? 'undefined';
  }
  return out;
}

/** `_hparams_/experiment`: the hparams and the metric tags the tab lists. */
export function experimentValue(hp: Readonly<Record<string, HparamValue>>, metricTags: readonly string[]): Uint8Array {
  const exp = new ProtoWriter();
  for (const [name, v] of Object.entries(hp)) exp.message(4, new ProtoWriter().string(1, name).int64(4, dataType(v)).finish());
  for (const tag of metricTags) exp.message(5, new ProtoWriter().message(1, new ProtoWriter().string(2, tag).finish()).finish());
  return pluginValue('_hparams_/experiment', HPARAMS, new ProtoWriter().message(2, exp.finish()).finish());
}

/** `_hparams_/session_start_info`: this run's values (a map: entries { key = 1; value = 2 }). */
export function sessionStartValue(hp: Readonly<Record<string, HparamValue>>, startSecs: number): Uint8Array {
  const ssi = new ProtoWriter();
  for (const [k, v] of Object.entries(hp)) ssi.message(1, new ProtoWriter().string(1, k).message(2, protoValue(v)).finish());
  ssi.double(5, startSecs);
  return pluginValue('_hparams_/session_start_info', HPARAMS, new ProtoWriter().message(3, ssi.finish()).finish());
}

/** `_hparams_/session_end_info`: Status SUCCESS = 1, FAILURE = 2. */
export function sessionEndValue(ok: boolean, endSecs: number): Uint8Array {
  const sei = new ProtoWriter().int64(1, ok ? 1 : 2).double(2, endSecs).finish();
  return pluginValue('_hparams_/session_end_info', HPARAMS, new ProtoWriter().message(4, sei).finish());
}
