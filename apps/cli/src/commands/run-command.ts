import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { launch, LaunchError } from '@flint/strategy-ddp';
import type { FlagValue } from '../args/flag-spec.js';
import type { ParsedArgs } from '../args/parse-args.js';
import { CliUsageError, ModuleFileError } from '../errors.js';
import type { CliIo } from './cli-io.js';

function count(flags: ReadonlyMap<string, FlagValue>, name: string, fallback: number, min: number): number {
  const v = flags.get(name);
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || v < min) throw new CliUsageError(`--${name} must be at least ${min}, got ${String(v)}`);
  return v;
}

/** `flint run`: @flint/strategy-ddp's `launch`, with torchrun's restart policy on top. */
export async function runRunCommand(args: ParsedArgs, io: CliIo): Promise<number> {
  const { flags } = args;
  const nprocPerNode = count(flags, 'nproc-per-node', 1, 1);
  const nnodes = count(flags, 'nnodes', 1, 1);
  const nodeRank = count(flags, 'node-rank', 0, 0);
  const maxRestarts = count(flags, 'max-restarts', 0, 0);
  if (nodeRank >= nnodes) throw new CliUsageError(`--node-rank ${nodeRank} must be below --nnodes ${nnodes}`);
  const masterPort = flags.get('master-port') as number | undefined;
  if (nnodes > 1 && masterPort === undefined) throw new CliUsageError('--master-port is needed when --nnodes > 1 (every node must meet on it)');
  const script = resolve(io.cwd, args.positionals[0]);
  if (!existsSync(script)) throw new ModuleFileError(args.positionals[0], `script '${args.positionals[0]}' not found (looked for ${script})`);
  for (let attempt = 0; ; attempt++) {
    try {
      await launch({
        nprocPerNode,
        nnodes,
        nodeRank,
        masterAddr: flags.get('master-addr') as string | undefined,
        masterPort,
        script,
        args: args.passThrough,
        env: { TORCHELASTIC_RESTART_COUNT: String(attempt), FLINT_RESTART_COUNT: String(attempt) },
      });
      return 0;
    } catch (e) {
      if (!(e instanceof LaunchError)) throw e;
      if (attempt < maxRestarts) {
        io.err(`flint run: ${e.message}; restarting all ranks (restart ${attempt + 1} of ${maxRestarts})`);
        continue;
      }
      io.err(`flint run: ${e.message}${maxRestarts > 0 ? ` after ${maxRestarts} restarts` : ''}`);
      return e.exitCode !== null && e.exitCode > 0 ? e.exitCode : 1;
    }
  }
}
