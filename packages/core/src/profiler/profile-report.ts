/** Totals of one kernel on one backend. */
export interface OpStat {
  readonly backend: string;
  readonly op: string;
  readonly count: number;
  readonly totalMs: number;
  readonly meanMs: number;
  /** Bytes of the output buffers the kernel allocated (in-place kernels allocate none). */
  readonly bytes: number;
}

/** Totals of one backend. */
export interface BackendStat {
  readonly count: number;
  readonly totalMs: number;
  readonly bytes: number;
  /**
   * How durations were measured: wall time around the kernel call. On CPU that is the kernel's
   * run; on WebGPU it is the encode and submit, since kernels run asynchronously on the device.
   */
  readonly timing: 'wall';
}

/** One kernel run in Chrome's trace event format (a complete event, microseconds). */
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
  /** Per kernel and backend, the most total time first. */
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
  const head = ['Backend', 'Op', 'Calls', 'Total (ms)', 'Mean (ms)', 'Allocated (bytes)'];
  const rows = report.ops.slice(0, limit).map((o) => [o.backend, o.op, String(o.count), o.totalMs.toFixed(3), o.meanMs.toFixed(4), String(o.bytes)]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]): string => r.map((c, i) => pad(c, widths[i], i >= 2)).join(' | ');
  const rule = widths.map((w) => '-'.repeat(w)).join('-|-');
  const more = report.ops.length > limit ? `\n(${report.ops.length - limit} more ops)` : '';
  return [line(head), rule, ...rows.map(line)].join('\n') + more;
}
