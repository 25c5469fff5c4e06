import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { DashboardPayload } from '../history/dashboard-event.js';
import { parseHparamsYaml, parseMetricsCsv, parseMetricsJsonl, type MetricsRow } from './metrics-files.js';

const CHECKPOINT_NAME = /epoch=(\d+)-step=(\d+)/;

async function readIfExists(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

/**
 * A finished run's directory (`lightning_logs/version_N`) as the messages a live run would have
 * sent: its hyperparameters, every logged row (from `metrics.jsonl`, else `metrics.csv`), the
 * newest checkpoint and the final status. Throws naming the directory when it holds no logs.
 */
export async function readRunDirectory(runDir: string): Promise<DashboardPayload[]> {
  const jsonl = await readIfExists(join(runDir, 'metrics.jsonl'));
  const csv = jsonl === null ? await readIfExists(join(runDir, 'metrics.csv')) : null;
  if (jsonl === null && csv === null) throw new Error(`dashboard: ${runDir} has neither metrics.jsonl nor metrics.csv; pass a run directory such as lightning_logs/version_0`);
  const parsed = jsonl !== null ? parseMetricsJsonl(jsonl, join(runDir, 'metrics.jsonl')) : { rows: parseMetricsCsv(csv ?? '', join(runDir, 'metrics.csv')), status: undefined };
  const hparamsText = await readIfExists(join(runDir, 'hparams.yaml'));
  const rows: MetricsRow[] = parsed.rows;
  const lastEpoch = rows.reduce((m, r) => Math.max(m, r.epoch ?? 0), 0);
  const out: DashboardPayload[] = [{ type: 'fitStart', maxEpochs: lastEpoch + 1, trainBatches: 0, hparams: hparamsText ? parseHparamsYaml(hparamsText) : {} }];
  for (const r of rows) out.push({ type: 'metrics', step: r.step, epoch: r.epoch ?? 0, metrics: r.epoch === undefined ? r.metrics : { ...r.metrics, epoch: r.epoch } });
  const ckpt = await newestCheckpoint(join(runDir, 'checkpoints'));
  if (ckpt) out.push(ckpt);
  const status = parsed.status === 'stopped' || parsed.status === 'failed' ? parsed.status : 'finished';
  out.push({ type: 'runEnd', status });
  return out;
}

async function newestCheckpoint(dir: string): Promise<DashboardPayload | null> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return null;
  }
  let best: { path: string; mtime: number } | null = null;
  for (const n of names) {
    const path = join(dir, n);
    const { mtimeMs } = await stat(path);
    if (!best || mtimeMs > best.mtime) best = { path, mtime: mtimeMs };
  }
  if (!best) return null;
  const m = CHECKPOINT_NAME.exec(best.path);
  return { type: 'checkpointSaved', path: best.path, epoch: m ? Number(m[1]) : 0, globalStep: m ? Number(m[2]) : 0 };
}
