import { formatOpTable } from '@flint/core';
import type { ProfilerSummary } from './profiler.js';

const fmt = (ms: number): string => (ms / 1000).toFixed(5);

/** Lightning's SimpleProfiler report: action, mean (s), calls, total (s), share of the run; then the op table. */
export function formatProfilerTable(s: ProfilerSummary): string {
  const head = ['Action', 'Mean duration (s)', 'Num calls', 'Total time (s)', 'Percentage %'];
  const rows = [['Total', '-', '-', fmt(s.totalMs), '100 %'], ...s.actions.map((a) => [a.action, fmt(a.meanMs), String(a.count), fmt(a.totalMs), `${((100 * a.totalMs) / (s.totalMs || 1)).toFixed(3)} %`])];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]): string => `| ${r.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  const rule = `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`;
  const title = `Profiler Report (${s.stage})`;
  const table = [title, rule, line(head), rule, ...rows.map(line), rule].join('\n');
  return s.ops ? `${table}\n\nKernels\n${formatOpTable(s.ops)}` : table;
}
