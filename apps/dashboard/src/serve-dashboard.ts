import { RunHistory } from './history/run-history.js';
import { readRunDirectory } from './run-directory/read-run-directory.js';
import { DashboardServer, DEFAULT_DASHBOARD_PORT } from './server/dashboard-server.js';

/**
 * Serves the dashboard of a finished run's directory (its CSV/JSONL logs, hparams and
 * checkpoints) for browsing. Resolves once listening; `close()` stops it.
 */
export async function serveDashboard(runDir: string, opts: { port?: number } = {}): Promise<DashboardServer> {
  const history = new RunHistory();
  for (const p of await readRunDirectory(runDir)) history.append(p);
  const server = new DashboardServer(history);
  await server.listen(opts.port ?? DEFAULT_DASHBOARD_PORT);
  return server;
}
