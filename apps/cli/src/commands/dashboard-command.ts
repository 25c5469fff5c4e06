import { resolve } from 'node:path';
import { DEFAULT_DASHBOARD_PORT, serveDashboard } from '@flint/dashboard';
import type { ParsedArgs } from '../args/parse-args.js';
import type { CliIo } from './cli-io.js';

/** `flint dashboard RUN_DIR [--port P]`: serves the run until SIGINT or SIGTERM, then exits 0. */
export async function runDashboardCommand(args: ParsedArgs, io: CliIo): Promise<number> {
  const port = args.flags.get('port');
  const server = await serveDashboard(resolve(io.cwd, args.positionals[0]), { port: typeof port === 'number' ? port : DEFAULT_DASHBOARD_PORT });
  io.out(`flint dashboard: ${server.url}`);
  await new Promise<void>((done) => {
    for (const s of ['SIGINT', 'SIGTERM'] as const) process.once(s, () => done());
  });
  await server.close();
  return 0;
}
