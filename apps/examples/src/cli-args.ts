/** `--name value` pairs of an example's command line (`--name=value` too). */
export function parseArgs(argv: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) throw new Error(`unexpected argument '${a}' (options are --name value)`);
    const eq = a.indexOf('=');
    if (eq > 0) out.set(a.slice(2, eq), a.slice(eq + 1));
    else out.set(a.slice(2), argv[++i] ?? '');
  }
  return out;
}

/** The options of an example started by `run-example.ts`: the arguments after its name, if any. */
export function exampleArgs(argv: readonly string[] = process.argv.slice(2)): Map<string, string> {
  return parseArgs(argv[0] !== undefined && !argv[0].startsWith('--') ? argv.slice(1) : argv);
}

/** A positive integer option, or its default. */
export function intArg(args: Map<string, string>, name: string, fallback: number): number {
  const v = args.get(name);
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer, got '${v}'`);
  return n;
}
