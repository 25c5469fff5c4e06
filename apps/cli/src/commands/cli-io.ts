/** Where a command writes: stdout for results, stderr for errors and notes. */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  readonly cwd: string;
}

/** The process's stdout and stderr. */
export const processIo = (): CliIo => ({
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  cwd: process.cwd(),
});
