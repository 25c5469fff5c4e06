import { DashboardCallback, DEFAULT_DASHBOARD_PORT } from '@flint/dashboard';
import type { Callback } from '@flint/trainer';
import type { FlagSpec } from '../args/flag-spec.js';
import type { ParsedArgs } from '../args/parse-args.js';

/** `flint fit --dashboard [--port P]`. */
export const DASHBOARD_FLAGS: FlagSpec[] = [
  { name: 'dashboard', kind: 'bool', description: 'serve a live dashboard of the run on 127.0.0.1 (it prints the URL; it stops when fit ends)' },
  { name: 'port', kind: 'int', placeholder: 'P', description: `dashboard port (default ${DEFAULT_DASHBOARD_PORT}; 0 picks a free one)` },
];

/** The dashboard callback `--dashboard` asks for (none without it). */
export function dashboardCallbacks(args: ParsedArgs): Callback[] {
  if (args.flags.get('dashboard') !== true) return [];
  const port = args.flags.get('port');
  return [new DashboardCallback({ port: typeof port === 'number' ? port : DEFAULT_DASHBOARD_PORT })];
}
