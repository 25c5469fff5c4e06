// `flint run --nnodes 2`: two launcher invocations (two "nodes", here on one host) meet on
// --master-addr/--master-port and their 4 ranks form one TCP process group.
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { freePort } from '@flint/strategy-ddp';
import { fixture, runFlint } from './run-flint.js';

const script = fixture('rank-report.ts');

interface RankReport {
  env: Record<string, string | undefined>;
  sum: number;
}

const reports = (stdout: string): RankReport[] =>
  stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as RankReport);

describe('flint run across nodes', () => {
  it('--nnodes 2 --node-rank K --master-addr --master-port: 2 x 2 ranks get global ranks and meet in one all-reduce', async () => {
    const port = String(await freePort());
    const node = (k: number): ReturnType<typeof runFlint> =>
      runFlint(['run', '--nnodes', '2', '--node-rank', String(k), '--master-addr', '127.0.0.1', '--master-port', port, '--nproc-per-node', '2', script], {
        cwd: tmpdir(),
      });
    const [a, b] = await Promise.all([node(0), node(1)]);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    const ranks = [...reports(a.stdout), ...reports(b.stdout)].sort((x, y) => Number(x.env['RANK']) - Number(y.env['RANK']));
    expect(ranks.map((r) => r.sum)).toEqual([10, 10, 10, 10]);
    expect(ranks.map((r) => [r.env['RANK'], r.env['LOCAL_RANK'], r.env['GROUP_RANK'], r.env['WORLD_SIZE'], r.env['LOCAL_WORLD_SIZE'], r.env['MASTER_PORT']])).toEqual([
      ['0', '0', '0', '4', '2', port],
      ['1', '1', '0', '4', '2', port],
      ['2', '0', '1', '4', '2', port],
      ['3', '1', '1', '4', '2', port],
    ]);
    expect(reports(b.stdout).map((r) => r.env['RANK']).sort()).toEqual(['2', '3']);
  }, 60_000);

  it('--node-rank must be below --nnodes, and --nnodes > 1 needs --master-port', async () => {
    const bad = await runFlint(['run', '--nnodes', '2', '--node-rank', '2', '--master-port', '29999', '--nproc-per-node', '1', script], { cwd: tmpdir() });
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('--node-rank 2 must be below --nnodes 2');
    const noPort = await runFlint(['run', '--nnodes', '2', '--node-rank', '0', '--nproc-per-node', '1', script], { cwd: tmpdir() });
    expect(noPort.code).not.toBe(0);
    expect(noPort.stderr).toContain('--master-port is needed when --nnodes > 1');
  }, 60_000);
});
