// @flint/cli: the `flint` command line, also callable in-process.
export { runCli } from './run-cli.js';
export type { CliIo } from './commands/cli-io.js';
export { COMMANDS } from './commands/command-table.js';
export type { CliCommand } from './commands/command-table.js';
export { parseArgs } from './args/parse-args.js';
export type { ParsedArgs } from './args/parse-args.js';
export type { CommandSpec, FlagSpec, FlagKind, FlagValue, PositionalSpec } from './args/flag-spec.js';
export { editDistance, closestMatch } from './args/suggest.js';
export { parseYamlSubset, YamlSubsetError } from './config/yaml-subset.js';
export { readConfigFile } from './config/read-config-file.js';
export type { FileConfig } from './config/read-config-file.js';
export { TRAINER_FLAGS } from './config/trainer-flags.js';
export { collectFlintInfo } from './info/collect-flint-info.js';
export type { FlintInfo, PackageInfo, PluginInfo, DeviceInfo } from './info/collect-flint-info.js';
export { CliUsageError, ModuleFileError, ConfigFileError } from './errors.js';
