import { writeFile } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import { readDistEnv } from '@flint/strategy-ddp';
import type { Metrics } from '@flint/trainer';
import type { ParsedArgs } from '../args/parse-args.js';
import type { CliIo } from './cli-io.js';
import { findRunCheckpoint } from './find-run-checkpoint.js';
import { disposeTensors, toPlainValue } from './plain-value.js';
import { prepareStageRun, stageConfig, type StageRun } from './prepare-stage-run.js';
import type { StageName } from './stage-command-spec.js';

/** `  val_loss  0.123456` lines, sorted by name. */
function metricLines(metrics: Metrics): string[] {
  const names = Object.keys(metrics).sort();
  const width = Math.max(0, ...names.map((n) => n.length));
  return names.map((n) => `  ${n.padEnd(width)}  ${Number.isInteger(metrics[n]) ? metrics[n] : metrics[n].toPrecision(6)}`);
}

/**
 * This process's rank, read after the stage ran: a `ddp` fit started from the CLI makes this
 * process rank 0 and starts the other ranks as copies of the same command.
 */
const rankNow = (): { rank: number; worldSize: number } => readDistEnv();

async function fit(run: StageRun, io: CliIo): Promise<void> {
  const { trainer, module, datamodule, config } = run;
  await trainer.fit(module, datamodule, undefined, { ckptPath: config.ckptPath });
  if (rankNow().rank !== 0) return;
  const s = trainer.state;
  const count = (n: number, what: string): string => `${n} ${what}${n === 1 ? '' : 's'}`;
  io.out(`fit ${s.shouldStop ? `stopped (${s.stopReason ?? 'requested'})` : 'finished'} after ${count(s.epoch, 'epoch')}, ${count(s.globalStep, 'step')}`);
  for (const line of metricLines(trainer.callbackMetrics)) io.out(line);
  const ckpt = trainer.checkpointCallback;
  const path = ckpt?.bestModelPath || ckpt?.lastModelPath;
  if (path) io.out(`checkpoint: ${resolve(io.cwd, path)}`);
  if (trainer.logDir) io.out(`logs: ${resolve(io.cwd, trainer.logDir)}`);
}

async function evaluate(stage: 'validate' | 'test', run: StageRun, io: CliIo): Promise<void> {
  const { trainer, module, datamodule, config } = run;
  const opts = { ckptPath: config.ckptPath };
  const [metrics] = stage === 'test' ? await trainer.test(module, datamodule, opts) : await trainer.validate(module, datamodule, opts);
  if (rankNow().rank !== 0) return;
  io.out(`${stage} metrics:`);
  for (const line of metricLines(metrics ?? {})) io.out(line);
}

async function predict(run: StageRun, args: ParsedArgs, io: CliIo): Promise<void> {
  const { trainer, module, datamodule, config } = run;
  const outputs = await trainer.predict(module, datamodule, { ckptPath: config.ckptPath });
  try {
    const output = args.flags.get('output');
    const { rank, worldSize } = rankNow();
    io.out(`predict: ${outputs.length} batches${worldSize > 1 ? ` on rank ${rank}` : ''}`);
    if (typeof output === 'string') {
      // Each rank predicts its shard: with several, each writes its own file (out.rank1.json).
      const ext = extname(output);
      const path = resolve(io.cwd, worldSize > 1 ? `${output.slice(0, output.length - ext.length)}.rank${rank}${ext}` : output);
      await writeFile(path, `${JSON.stringify(await toPlainValue(outputs))}\n`);
      io.out(`predictions: ${path}`);
    }
  } finally {
    disposeTensors(outputs);
  }
}

/** Runs `flint fit|validate|test|predict`: exit code 0 when the stage finished. */
export async function runStageCommand(stage: StageName, args: ParsedArgs, io: CliIo): Promise<number> {
  const config = await stageConfig(args, io.cwd);
  if (args.flags.get('print-config') === true) {
    io.out(JSON.stringify(config, null, 2));
    return 0;
  }
  const ckptPath = config.ckptPath === undefined ? undefined : findRunCheckpoint(config.ckptPath, String(config.trainer['defaultRootDir'] ?? '.'), io.cwd);
  const run = await prepareStageRun(args, { ...config, ckptPath }, io.cwd);
  if (stage === 'fit') await fit(run, io);
  else if (stage === 'predict') await predict(run, args, io);
  else await evaluate(stage, run, io);
  return 0;
}
