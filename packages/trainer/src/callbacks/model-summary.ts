import type { TrainerView } from './trainer-view.js';
import { Callback, type AnyLightningModule } from './callback.js';

/** One row of the summary table. */
export interface SummaryRow {
  readonly name: string;
  readonly type: string;
  readonly params: number;
}

/** The model's direct children with their parameter counts, and the totals. */
export function summarize(module: AnyLightningModule): { rows: SummaryRow[]; total: number; trainable: number; sizeMB: number } {
  const rows: SummaryRow[] = [];
  for (const [name, child] of module.namedChildren()) rows.push({ name, type: child.constructor.name, params: child.parameters().reduce((n, p) => n + p.size, 0) });
  const params = module.parameters();
  const total = params.reduce((n, p) => n + p.size, 0);
  const trainable = params.filter((p) => p.requiresGrad).reduce((n, p) => n + p.size, 0);
  const bytes = params.reduce((n, p) => n + p.size * (p.dtype === 'float64' ? 8 : 4), 0);
  return { rows, total, trainable, sizeMB: bytes / 1e6 };
}

/** Formats the summary as Lightning's table. */
export function formatSummary(module: AnyLightningModule): string {
  const { rows, total, trainable, sizeMB } = summarize(module);
  const w = Math.max(4, ...rows.map((r) => r.name.length));
  const t = Math.max(4, ...rows.map((r) => r.type.length));
  const lines = [`  | ${'Name'.padEnd(w)} | ${'Type'.padEnd(t)} | Params`, ...rows.map((r, i) => `${i} | ${r.name.padEnd(w)} | ${r.type.padEnd(t)} | ${r.params.toLocaleString('en')}`)];
  lines.push(`${trainable.toLocaleString('en')} Trainable params`, `${(total - trainable).toLocaleString('en')} Non-trainable params`, `${total.toLocaleString('en')} Total params`, `${sizeMB.toFixed(3)} Total estimated model params size (MB)`);
  return lines.join('\n');
}

/** Prints the summary when fit starts (rank zero only). */
export class ModelSummary extends Callback {
  constructor(private readonly print: (text: string) => void = (s) => console.log(s)) {
    super();
  }

  override onFitStart(view: TrainerView, module: AnyLightningModule): void {
    if (view.isGlobalZero) this.print(formatSummary(module));
  }
}
