import { joinPath, type FileSystem } from '../io/file-system.js';
import type { ProfilerSummary } from './profiler.js';

/** Paths `writeProfilerFiles` wrote. */
export interface ProfilerFiles {
  readonly json: string;
  readonly trace: string;
}

/**
 * Writes `<stage>-profile.json` (the summary without trace events) and `<stage>-trace.json`
 * (Chrome's trace event format: chrome://tracing and ui.perfetto.dev open it) into `dir`.
 * Ranks other than zero add `-rank<N>` to the names.
 */
export async function writeProfilerFiles(fs: FileSystem, dir: string, s: ProfilerSummary, rank = 0): Promise<ProfilerFiles> {
  const suffix = rank === 0 ? '' : `-rank${rank}`;
  const json = joinPath(dir, `${s.stage}-profile${suffix}.json`);
  const trace = joinPath(dir, `${s.stage}-trace${suffix}.json`);
  await fs.mkdir(dir);
  const { traceEvents, ...summary } = s;
  await fs.writeFile(json, JSON.stringify(summary, null, 2));
  const minTs = traceEvents.reduce((m, e) => Math.min(m, e.ts), Infinity);
  const events = traceEvents.map((e) => ({ ...e, ts: e.ts - (Number.isFinite(minTs) ? minTs : 0) }));
  const meta = [
    { name: 'process_name', ph: 'M', pid: 1, tid: 0, args: { name: `flint ${s.stage}${suffix}` } },
    { name: 'thread_name', ph: 'M', pid: 1, tid: 0, args: { name: 'trainer' } },
    { name: 'thread_name', ph: 'M', pid: 1, tid: 1, args: { name: 'kernels' } },
    // Kernels timed on a device (WebGPU timestamps): one thread per device clock, from tid 2.
    ...[...new Map(traceEvents.filter((e) => e.tid >= 2).map((e) => [e.tid, `${e.cat} ${e.tid - 2}`]))].map(([tid, name]) => ({ name: 'thread_name', ph: 'M', pid: 1, tid, args: { name } })),
  ];
  await fs.writeFile(trace, JSON.stringify({ traceEvents: [...meta, ...events], displayTimeUnit: 'ms' }));
  return { json, trace };
}
