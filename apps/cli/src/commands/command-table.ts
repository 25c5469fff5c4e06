import type { CommandSpec } from '../args/flag-spec.js';
import type { ParsedArgs } from '../args/parse-args.js';
import type { CliIo } from './cli-io.js';
import { INFO_SPEC } from './info-spec.js';
import { RUN_SPEC } from './run-spec.js';
import { DASHBOARD_SPEC } from './dashboard-spec.js';
import { EXEC_SPEC } from './exec-spec.js';
import { stageCommandSpec, type StageName } from './stage-command-spec.js';

/** A command: what it accepts and what runs it (resolves with the exit code). */
export interface CliCommand {
  readonly spec: CommandSpec;
  run(args: ParsedArgs, io: CliIo): Promise<number>;
}

// Handlers load on use, so help and usage errors answer without importing the trainer.
const stage = (name: StageName): CliCommand => ({
  spec: stageCommandSpec(name),
  run: async (args, io) => (await import('./stage-command.js')).runStageCommand(name, args, io),
});

/** Every `flint` command, in the order help lists them. */
export const COMMANDS: readonly CliCommand[] = [
  stage('fit'),
  stage('validate'),
  stage('test'),
  stage('predict'),
  { spec: INFO_SPEC, run: async (args, io) => (await import('./info-command.js')).runInfoCommand(args, io) },
  { spec: RUN_SPEC, run: async (args, io) => (await import('./run-command.js')).runRunCommand(args, io) },
  { spec: EXEC_SPEC, run: async (args, io) => (await import('./exec-command.js')).runExecCommand(args, io) },
  { spec: DASHBOARD_SPEC, run: async (args, io) => (await import('./dashboard-command.js')).runDashboardCommand(args, io) },
];
