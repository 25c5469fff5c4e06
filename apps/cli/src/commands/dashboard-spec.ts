import type { CommandSpec } from '../args/flag-spec.js';

/** `flint dashboard RUN_DIR`'s flags and help. */
export const DASHBOARD_SPEC: CommandSpec = {
  name: 'dashboard',
  summary: "browse a finished run's logs (metrics.jsonl/metrics.csv, hparams, checkpoints) in the dashboard",
  positionals: [{ name: 'run-dir', description: 'a run directory, e.g. lightning_logs/version_0', required: true }],
  flags: [{ name: 'port', kind: 'int', placeholder: 'P', description: 'port on 127.0.0.1 (default 8686; 0 picks a free one)' }],
  epilog: 'Serves until Ctrl-C.\n\nExample:\n  flint dashboard lightning_logs/version_0 --port 8686',
};
