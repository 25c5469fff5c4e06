// runCli in-process: help, suggestions and usage errors (the executable's own tests spawn it).
import { describe, expect, it } from 'vitest';
import type { CliIo } from './commands/cli-io.js';
import { COMMANDS } from './commands/command-table.js';
import { runCli } from './run-cli.js';

async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (l) => out.push(l), err: (l) => err.push(l), cwd: process.cwd() };
  const code = await runCli(argv, io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('runCli', () => {
  it('every command has complete help, by --help, -h and flint help <command>', async () => {
    const fit = await cli(['fit', '--help']);
    expect(fit.code).toBe(0);
    expect(fit.out).toContain('Usage: flint fit <module-file> [options]');
    for (const f of ['--config FILE', '--ckpt-path PATH|last|best', '--trainer.maxEpochs N', '--trainer.accelerator VALUE', '--trainer.fastDevRun N|true', '--trainer.enableProgressBar [true|false]', '--checkpoint.saveTopK N', '--early-stopping.monitor VALUE', '--model.KEY VALUE', '-h']) {
      expect(fit.out).toContain(f);
    }
    expect((await cli(['test', '-h'])).out).toContain('Usage: flint test <module-file> [options]');
    expect((await cli(['test', '-h'])).out).not.toContain('--checkpoint.');
    expect((await cli(['predict', '--help'])).out).toContain('--output FILE');
    const run = await cli(['help', 'run']);
    expect(run.code).toBe(0);
    expect(run.out).toContain('Usage: flint run <script> [options] [script args...]');
    for (const f of ['--nproc-per-node N', '--nnodes M', '--node-rank K', '--master-addr ADDR', '--master-port PORT', '--max-restarts R']) expect(run.out).toContain(f);
    expect((await cli(['info', '--help'])).out).toContain('--json');
  });

  it('--version prints the release', async () => {
    const v = await cli(['--version']);
    expect(v.code).toBe(0);
    expect(v.out).toMatch(/^flint \d+\.\d+\.\d+$/);
  });

  it('unknown commands exit 2 with a suggestion when one is near', async () => {
    const typo = await cli(['valdate', 'm.ts']);
    expect(typo.code).toBe(2);
    expect(typo.err).toContain("flint: unknown command 'valdate'; did you mean 'validate'?");
    const names = COMMANDS.map((c) => c.spec.name).join(', ');
    expect(names).toMatch(/^fit, validate, test, predict, info, run\b/);
    expect((await cli(['deploy'])).err).toBe(`flint: unknown command 'deploy' (commands: ${names}; see flint --help)`);
    expect((await cli(['--verbose'])).err).toContain("flint: unknown option '--verbose'");
    expect((await cli(['help', 'fitt'])).err).toContain("did you mean 'fit'?");
  });

  it('usage errors exit 2 naming the command, the flag and the value', async () => {
    expect(await cli(['info', '--jsn'])).toMatchObject({ code: 2, err: "flint info: unknown option '--jsn'; did you mean '--json'? (see flint info --help)" });
    expect(await cli(['fit', 'm.ts', '--max-epochs', 'many'])).toMatchObject({ code: 2, err: "flint fit: --max-epochs expects an integer, got 'many'" });
    expect(await cli(['test'])).toMatchObject({ code: 2, err: 'flint test: missing argument <module-file> (see flint test --help)' });
    expect(await cli(['run', '--nproc-per-node', '0', 'x.ts'])).toMatchObject({ code: 2, err: 'flint run: --nproc-per-node must be at least 1, got 0' });
    expect(await cli(['run', '--nnodes', '2', 'x.ts'])).toMatchObject({ code: 2, err: 'flint run: --master-port is needed when --nnodes > 1 (every node must meet on it)' });
    expect(await cli(['run', '--nnodes', '2', '--node-rank', '2', 'x.ts'])).toMatchObject({ code: 2, err: 'flint run: --node-rank 2 must be below --nnodes 2' });
    const none = await cli([]);
    expect(none.code).toBe(2);
    expect(none.err).toContain('Usage: flint <command> [options]');
  });
});
