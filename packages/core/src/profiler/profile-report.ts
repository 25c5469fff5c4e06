/**
 * How durations were measured. `'wall'`: wall time around the kernel call; on CPU that is the
 * kernel's run, on a device without a clock (WebGPU without `timestamp-query`) it is the encode
 * and submit, since kernels run asynchronously there. `'gpu'`: the time between timestamps the
 * device wrote before and after each of the kernel's dispatches (WebGPU timestamp queries).
 */
export type OpTiming = 'wall' | 'gpu';

/** Totals of one kernel on one backend. */
export interface OpStat {
  readonly backend: string;
  readonly op: string;
  readonly count: number;
  /** Total time, measured as `timing` says. */
  readonly totalMs: number;
  readonly meanMs: number;
  readonly timing: OpTiming;
  /** Wall time around the kernel calls on the host (equals `totalMs` when `timing` is 'wall'). */
  readonly hostMs: number;
  /** Bytes of the output buffers the kernel allocated (in-place kernels allocate none). */
  readonly bytes: number;
}

/** Totals of one backend. */
export interface BackendStat {
  readonly count: number;
  readonly totalMs: number;
  readonly hostMs: number;
  readonly bytes: number;
  /** 'gpu' when every kernel run of this backend was timed on the device, else 'wall'. */
  readonly timing: OpTiming;
}

/**
 * One kernel run in Chrome's trace event format (a complete event, microseconds). Host runs are
 * on thread 1; device-timed runs also get an event on thread 2 and up (one per device clock),
 * placed by aligning the device's first timestamp with the host start of its kernel.
 */
export interface TraceEvent {
  readonly name: string;
  readonly cat: string;
  readonly ph: 'X';
  readonly ts: number;
  readonly dur: number;
  readonly pid: number;
  readonly tid: number;
  readonly args?: Readonly<Record<string, number | string>>;
}

/** What `profile(fn)` measured. */
export interface ProfileReport {
  /** Per kernel and backend, the most total time first (device time first where measured). */
  readonly ops: readonly OpStat[];
  readonly backends: Readonly<Record<string, BackendStat>>;
  /** Wall time of the whole profiled region, in milliseconds. */
  readonly wallMs: number;
  /** Kernel runs in Chrome trace format (at most `maxTraceEvents`; `droppedTraceEvents` says how many more). */
  readonly traceEvents: readonly TraceEvent[];
  readonly droppedTraceEvents: number;
}

const pad = (s: string, n: number, right = false): string => (right ? s.padStart(n) : s.padEnd(n));

/** The report as a fixed-width table, one row per kernel and backend. */
export function formatOpTable(report: ProfileReport, limit = 30): string {
  const head = ['Backend', 'Op', 'Calls', 'Total (ms)', 'Mean (ms)', 'Timing', 'Allocated (bytes)'];
  const rows = report.ops.slice(0, limit).map((o) => [o.backend, o.op, String(o.count), o.totalMs.toFixed(3), o.meanMs.toFixed(4), o.timing, String(o.bytes)]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]): string => r.map((c, i) => pad(c, widths[i], i >= 2 && i !== 5)).join(' | ');
  const rule = widths.map((w) => '-'.repeat(w)).join('-|-');
  const more = report.ops.length > limit ? `\n(${report.ops.length - limit} more ops)` : '';
  return [line(head), rule, ...rows.map(line)].join('\n') + more;
}
