import { readFileSync } from 'node:fs';
import { parseArgs } from './args/parse-args.js';
import { didYouMean } from './args/suggest.js';
import { processIo, type CliIo } from './commands/cli-io.js';
import { COMMANDS } from './commands/command-table.js';
import { CliUsageError, ConfigFileError, ModuleFileError } from './errors.js';
import { formatCommandHelp, formatMainHelp } from './help/format-help.js';

/** The CLI's own errors: their message says everything. */
const isCliError = (e: unknown): e is Error => e instanceof CliUsageError || e instanceof ConfigFileError || e instanceof ModuleFileError;

/**
 * What the user sees of an error: the CLI's own plainly, anything else as `Name: message`,
 * with the stack under FLINT_DEBUG=1 (for the error and, for a failed import, its cause).
 */
function describeError(e: unknown): string[] {
  const debug = Boolean(process.env['FLINT_DEBUG']);
  if (isCliError(e)) return debug && e.cause instanceof Error ? [e.message, e.cause.stack ?? ''] : [e.message];
  if (!(e instanceof Error)) return [String(e)];
  return debug ? [e.stack ?? `${e.name}: ${e.message}`] : [`${e.name}: ${e.message}`, '(set FLINT_DEBUG=1 to see the stack)'];
}

/** This package's version (the Flint release it belongs to), without importing the trainer. */
const cliVersion = (): string => (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

const exitCodeOf = (e: unknown): number => (e instanceof CliUsageError || e instanceof ConfigFileError ? 2 : 1);

/**
 * The `flint` command line: `argv` is what follows `flint`. Resolves with the process exit
 * code: 0 done, 1 the command failed, 2 the command line was wrong.
 */
export async function runCli(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const [first, ...rest] = argv;
  const specs = COMMANDS.map((c) => c.spec);
  if (first === undefined) {
    io.err(formatMainHelp(specs));
    return 2;
  }
  if (first === '--help' || first === '-h') {
    io.out(formatMainHelp(specs));
    return 0;
  }
  if (first === '--version' || first === '-v') {
    io.out(`flint ${cliVersion()}`);
    return 0;
  }
  const names = COMMANDS.map((c) => c.spec.name);
  const wanted = first === 'help' ? rest[0] : first;
  const command = COMMANDS.find((c) => c.spec.name === wanted);
  if (!command) {
    const shown = first.startsWith('-') ? `unknown option '${first}'` : `unknown command '${wanted}'${didYouMean(wanted ?? '', names)}`;
    io.err(`flint: ${shown} (commands: ${names.join(', ')}; see flint --help)`);
    return 2;
  }
  if (first === 'help') {
    io.out(formatCommandHelp(command.spec));
    return 0;
  }
  try {
    const args = parseArgs(rest, command.spec);
    if (args.help) {
      io.out(formatCommandHelp(command.spec));
      return 0;
    }
    return await command.run(args, io);
  } catch (e) {
    const [first, ...more] = describeError(e);
    io.err(`flint ${command.spec.name}: ${first}`);
    for (const line of more) io.err(line);
    return exitCodeOf(e);
  }
}
