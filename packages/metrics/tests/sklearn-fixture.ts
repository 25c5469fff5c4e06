import { readFileSync } from 'node:fs';
import { tensor, type Tensor } from '@flint/core';

/** The committed scikit-learn reference (tools/fixtures/gen_metrics_sklearn.py). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON of known shape, read by tests only
export const sk: any = JSON.parse(readFileSync(new URL('./fixtures/sklearn-metrics.json', import.meta.url), 'utf8'));

type Nested = number | Nested[];

function shapeOf(a: Nested): number[] {
  return Array.isArray(a) ? [a.length, ...shapeOf(a[0])] : [];
}

/** `rows` of `a` as a tensor of `dtype`, batch by batch of `size` rows. */
export function* batches(a: Nested[], dtype: 'float32' | 'int32', size = 37): Generator<Tensor> {
  for (let i = 0; i < a.length; i += size) {
    const part = a.slice(i, i + size);
    const values = (part as unknown[]).flat(8) as number[];
    const shape = [part.length, ...shapeOf(part[0])];
    yield tensor(dtype === 'int32' ? Int32Array.from(values) : Float32Array.from(values), { shape });
  }
}

/** Feeds `preds`/`target` to `update` in batches of 37 rows (the last one short). */
export function feed(update: (p: Tensor, t: Tensor) => void, preds: Nested[], target: Nested[], predType: 'float32' | 'int32' = 'float32', targetType: 'float32' | 'int32' = 'int32'): void {
  const ts = [...batches(target, targetType)];
  let i = 0;
  for (const p of batches(preds, predType)) {
    update(p, ts[i]);
    p.dispose();
    ts[i++].dispose();
  }
}
