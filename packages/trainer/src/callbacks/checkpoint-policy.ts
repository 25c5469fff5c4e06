/** A checkpoint kept by top-k, with the monitored value it was ranked by. */
export interface KeptCheckpoint {
  readonly name: string;
  readonly score: number;
}

/** What to do at one save trigger; `CheckpointWriter` carries it out. */
export interface CheckpointAction {
  /** Directory name (under dirpath) to save now, or null. */
  readonly save: string | null;
  /** Directory names to delete after saving. */
  readonly remove: readonly string[];
  readonly saveLast: boolean;
}

export interface CheckpointPolicyOptions {
  readonly filename: string;
  readonly monitor: string | undefined;
  readonly mode: 'min' | 'max';
  /** -1 keeps all, 0 none (only `last`), k the best k (latest k without a monitor). */
  readonly saveTopK: number;
  readonly saveLast: boolean;
}

/**
 * Decides which checkpoints to save and delete (Lightning's top-k), doing no IO; the state
 * (kept checkpoints, best) is plain data saved in checkpoints.
 */
export class CheckpointPolicy {
  kept: KeptCheckpoint[] = [];

  constructor(readonly opts: CheckpointPolicyOptions) {}

  get best(): KeptCheckpoint | undefined {
    return this.kept[0];
  }

  decide(metrics: Readonly<Record<string, number>>, epoch: number, step: number): CheckpointAction {
    const { monitor, saveTopK, saveLast, mode } = this.opts;
    let score: number;
    if (monitor !== undefined) {
      if (!(monitor in metrics)) {
        throw new Error(`ModelCheckpoint(monitor='${monitor}') could not find the monitored key in the logged metrics: ${Object.keys(metrics).join(', ') || 'none'}`);
      }
      score = metrics[monitor];
    } else {
      score = step;
    }
    const name = formatCheckpointName(this.opts.filename, { epoch, step, ...metrics });
    if (saveTopK === 0) return { save: null, remove: [], saveLast };
    const sign = monitor !== undefined && mode === 'min' ? 1 : -1;
    const candidates = [...this.kept.filter((k) => k.name !== name), { name, score }];
    candidates.sort((a, b) => sign * (a.score - b.score) || (Number.isNaN(a.score) ? 1 : Number.isNaN(b.score) ? -1 : 0));
    const keep = saveTopK < 0 ? candidates : candidates.slice(0, saveTopK);
    const saved = keep.some((k) => k.name === name);
    const remove = this.kept.filter((k) => !keep.includes(k) && k.name !== name).map((k) => k.name);
    this.kept = keep;
    return { save: saved ? name : null, remove, saveLast };
  }
}

/**
 * Lightning's filename template: `{epoch}-{step}-{val_loss:.3f}` gives
 * `epoch=2-step=300-val_loss=0.123`; `:.Nf` fixes decimals, `:0Nd` pads integers.
 */
export function formatCheckpointName(template: string, values: Readonly<Record<string, number>>): string {
  return template.replace(/\{([^}:]+)(?::([^}]*))?\}/g, (_, key: string, spec: string | undefined) => {
    const v = values[key];
    if (v === undefined) return `${key}=missing`;
    let text = String(v);
    const fixed = spec && /^\.(\d+)f$/.exec(spec);
    const padded = spec && /^0(\d+)d$/.exec(spec);
    if (fixed) text = v.toFixed(Number(fixed[1]));
    else if (padded) text = String(Math.trunc(v)).padStart(Number(padded[1]), '0');
    return `${key}=${text}`;
  });
}
