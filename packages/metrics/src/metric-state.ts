import { MetricError } from './metric-error.js';

/**
 * A metric's accumulated state, torchmetrics' `add_state`: `sum` states are fixed-length
 * float64 vectors that add over batches and ranks, `cat` states are lists that concatenate.
 */
export class MetricState {
  readonly sums = new Map<string, Float64Array>();
  readonly cats = new Map<string, number[]>();

  constructor(private readonly owner: string) {}

  addSum(name: string, length: number): Float64Array {
    const v = new Float64Array(length);
    this.sums.set(name, v);
    return v;
  }

  addCat(name: string): number[] {
    const v: number[] = [];
    this.cats.set(name, v);
    return v;
  }

  sum(name: string): Float64Array {
    const v = this.sums.get(name);
    if (!v) throw new MetricError(`${this.owner}: no sum state '${name}'`);
    return v;
  }

  cat(name: string): number[] {
    const v = this.cats.get(name);
    if (!v) throw new MetricError(`${this.owner}: no cat state '${name}'`);
    return v;
  }

  reset(): void {
    for (const v of this.sums.values()) v.fill(0);
    for (const v of this.cats.values()) v.length = 0;
  }

  /** A deep copy: plain arrays, JSON-safe (what `stateDict` returns). */
  toDict(): Record<string, number[]> {
    const out: Record<string, number[]> = {};
    for (const [k, v] of this.sums) out[k] = Array.from(v);
    for (const [k, v] of this.cats) out[k] = v.slice();
    return out;
  }

  /** Replaces every state from `dict`, after checking that each key and length fits. */
  load(dict: Readonly<Record<string, readonly number[]>>): void {
    const expected = [...this.sums.keys(), ...this.cats.keys()].sort();
    const got = Object.keys(dict).sort();
    if (expected.join(',') !== got.join(',')) {
      throw new MetricError(`${this.owner}.loadStateDict: expected keys [${expected.join(', ')}], got [${got.join(', ')}]`);
    }
    for (const [k, v] of this.sums) {
      const src = dict[k];
      if (!Array.isArray(src) || src.length !== v.length || src.some((x) => typeof x !== 'number')) {
        throw new MetricError(`${this.owner}.loadStateDict: '${k}' must be ${v.length} numbers`);
      }
    }
    for (const k of this.cats.keys()) {
      const src = dict[k];
      if (!Array.isArray(src) || src.some((x) => typeof x !== 'number')) throw new MetricError(`${this.owner}.loadStateDict: '${k}' must be a list of numbers`);
    }
    for (const [k, v] of this.sums) v.set(dict[k]);
    for (const [k, v] of this.cats) {
      v.length = 0;
      for (const x of dict[k]) v.push(x);
    }
  }

  /** Adds `other`'s sums and appends its lists (merging two metrics of the same kind). */
  merge(other: MetricState): void {
    for (const [k, v] of this.sums) {
      const o = other.sums.get(k);
      if (!o || o.length !== v.length) throw new MetricError(`${this.owner}.merge: the other metric's '${k}' state does not match`);
      for (let i = 0; i < v.length; i++) v[i] += o[i];
    }
    for (const [k, v] of this.cats) {
      const o = other.cats.get(k);
      if (!o) throw new MetricError(`${this.owner}.merge: the other metric has no '${k}' state`);
      for (const x of o) v.push(x);
    }
  }
}
