import type { CommandSpec } from '../args/flag-spec.js';

/** `flint info`'s flags and help. */
export const INFO_SPEC: CommandSpec = {
  name: 'info',
  summary: 'print versions, installed plugins and the devices Flint can use',
  positionals: [],
  flags: [
    { name: 'json', kind: 'bool', description: 'print the report as JSON' },
    { name: 'webgpu-timeout-ms', kind: 'int', placeholder: 'MS', description: 'how long to wait for a WebGPU adapter (default 30000)' },
  ],
  epilog: 'Example:\n  flint info\n  flint info --json',
};
