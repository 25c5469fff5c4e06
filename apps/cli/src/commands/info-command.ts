import type { ParsedArgs } from '../args/parse-args.js';
import { collectFlintInfo } from '../info/collect-flint-info.js';
import { formatFlintInfo } from '../info/format-flint-info.js';
import type { CliIo } from './cli-io.js';

/** `flint info`. */
export async function runInfoCommand(args: ParsedArgs, io: CliIo): Promise<number> {
  const timeout = args.flags.get('webgpu-timeout-ms');
  const info = await collectFlintInfo(typeof timeout === 'number' ? timeout : undefined);
  if (args.flags.get('json') === true) io.out(JSON.stringify(info, null, 2));
  else for (const line of formatFlintInfo(info)) io.out(line);
  return 0;
}
