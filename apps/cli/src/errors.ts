/**
 * The command line was wrong (unknown command or flag, a bad value, a missing argument):
 * exit code 2, as argparse and most Unix tools use for usage errors.
 */
export class CliUsageError extends Error {
  override readonly name = 'CliUsageError';
  readonly exitCode = 2;
}

/** The module file given to a command cannot be used: missing, failing import, no such export. */
export class ModuleFileError extends Error {
  override readonly name = 'ModuleFileError';
  readonly exitCode = 1;

  constructor(
    readonly file: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** A config file (`--config`) cannot be read or holds something the CLI does not know. */
export class ConfigFileError extends Error {
  override readonly name = 'ConfigFileError';
  readonly exitCode = 2;

  constructor(
    readonly file: string,
    message: string,
  ) {
    super(`config ${file}: ${message}`);
  }
}
