import { parentPort } from 'node:worker_threads';
import { spawnContext } from '../init-process-group.js';

/** Entry of a rank thread made by `spawn`: imports the user's module and runs its function. */
async function main(): Promise<void> {
  const ctx = spawnContext();
  if (!ctx || !parentPort) throw new Error('spawn-worker: not started by spawn()');
  const mod = (await import(ctx.module)) as Record<string, unknown>;
  const fn = mod[ctx.exportName];
  if (typeof fn !== 'function') throw new Error(`spawn: ${ctx.module} has no exported function '${ctx.exportName}'`);
  const value: unknown = await (fn as (rank: number, ...args: unknown[]) => unknown)(ctx.rank, ...ctx.args);
  parentPort.postMessage({ type: 'result', value });
}

await main();
