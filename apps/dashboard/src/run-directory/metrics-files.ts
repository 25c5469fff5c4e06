/** One logged row: the step, and the epoch when the file has it. */
export interface MetricsRow {
  readonly step: number;
  readonly epoch: number | undefined;
  readonly metrics: Record<string, number>;
}

/**
 * Rows of the CSVLogger's `metrics.csv` (header `step,<names...>`, empty cells where a row
 * lacks a metric). Throws a SyntaxError naming the file and line of a malformed row.
 */
export function parseMetricsCsv(text: string, file: string): MetricsRow[] {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  if (lines.length === 0) return [];
  const header = lines[0].split(',');
  if (header[0] !== 'step') throw new SyntaxError(`${file}: line 1: expected a header starting with 'step', got '${lines[0]}'`);
  return lines.slice(1).map((line, i) => {
    const cells = line.split(',');
    if (cells.length !== header.length) throw new SyntaxError(`${file}: line ${i + 2}: ${cells.length} cells, the header has ${header.length}`);
    const metrics: Record<string, number> = {};
    for (let c = 1; c < cells.length; c++) if (cells[c] !== '') metrics[header[c]] = Number(cells[c]);
    const { epoch, ...rest } = metrics;
    return { step: Number(cells[0]), epoch, metrics: rest };
  });
}

/** Rows of the JsonlLogger's `metrics.jsonl`, and the run's final status when its last line has one. */
export function parseMetricsJsonl(text: string, file: string): { rows: MetricsRow[]; status: string | undefined } {
  const rows: MetricsRow[] = [];
  let status: string | undefined;
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    let o: Record<string, unknown>;
    try {
      o = JSON.parse(line) as Record<string, unknown>;
    } catch (e) {
      throw new SyntaxError(`${file}: line ${i + 1}: ${(e as Error).message}`);
    }
    if (typeof o['status'] === 'string') {
      status = o['status'];
      return;
    }
    const { step, epoch, ...rest } = o;
    if (typeof step !== 'number') throw new SyntaxError(`${file}: line ${i + 1}: no numeric 'step'`);
    const metrics: Record<string, number> = {};
    for (const [k, v] of Object.entries(rest)) if (typeof v === 'number') metrics[k] = v;
    rows.push({ step, epoch: typeof epoch === 'number' ? epoch : undefined, metrics });
  });
  return { rows, status };
}

/** The top-level scalars of the loggers' `hparams.yaml` (nested values are kept as their text). */
export function parseHparamsYaml(text: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  let nestedKey: string | null = null;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    if (/^\s/.test(line) && nestedKey !== null) {
      out[nestedKey] = `${String(out[nestedKey] ?? '')}${out[nestedKey] ? '\n' : ''}${line.trim()}`;
      continue;
    }
    const m = /^("(?:[^"\\]|\\.)*"|[^:]+):\s*(.*)$/.exec(line);
    if (!m) continue;
    const key = m[1].startsWith('"') ? (JSON.parse(m[1]) as string) : m[1];
    nestedKey = m[2] === '' ? key : null;
    out[key] = m[2] === '' ? '' : scalar(m[2]);
  }
  return out;
}

function scalar(s: string): unknown {
  if (s === 'null') return null;
  if (s === 'true' || s === 'false') return s === 'true';
  if (s.startsWith('"')) return JSON.parse(s) as string;
  const n = Number(s);
  return s !== '' && Number.isFinite(n) ? n : s;
}
