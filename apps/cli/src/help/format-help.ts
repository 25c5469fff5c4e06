import type { CommandSpec, FlagSpec } from '../args/flag-spec.js';

const flagUsage = (f: FlagSpec): string => {
  if (f.kind === 'bool') return `--${f.name}${f.placeholder ? ` [${f.placeholder}]` : ''}`;
  return `--${f.name} ${f.placeholder ?? 'VALUE'}`;
};

function flagLines(flags: readonly FlagSpec[]): string[] {
  const width = Math.min(40, Math.max(...flags.map((f) => flagUsage(f).length)));
  return flags.map((f) => {
    const usage = flagUsage(f);
    const aliases = f.aliases?.length ? ` (also ${f.aliases.map((a) => `--${a}`).join(', ')})` : '';
    const pad = usage.length > width ? `\n  ${' '.repeat(width)}` : ' '.repeat(width - usage.length);
    return `  ${usage}${pad}  ${f.description}${aliases}`;
  });
}

/** The full `--help` text of one command: usage, arguments, every flag by group, epilog. */
export function formatCommandHelp(spec: CommandSpec): string {
  const positional = spec.positionals.map((p) => (p.required ? `<${p.name}>` : `[${p.name}]`)).join(' ');
  const lines = [`Usage: flint ${spec.name} ${positional ? `${positional} ` : ''}[options]${spec.passThroughAfterPositionals ? ' [script args...]' : ''}`, '', spec.summary, ''];
  if (spec.positionals.length) {
    lines.push('Arguments:');
    for (const p of spec.positionals) lines.push(`  ${p.name}  ${p.description}`);
    lines.push('');
  }
  const groups = new Map<string, FlagSpec[]>();
  for (const f of spec.flags) {
    const g = f.group ?? 'Options';
    groups.set(g, [...(groups.get(g) ?? []), f]);
  }
  groups.set('Options', [...(groups.get('Options') ?? []), { name: 'help', kind: 'bool', description: 'show this help (also -h)' }]);
  for (const [group, flags] of [...groups].sort(([a], [b]) => (a === 'Options' ? -1 : b === 'Options' ? 1 : 0))) {
    lines.push(`${group}:`, ...flagLines(flags), '');
  }
  if (spec.openNamespaces?.length) {
    lines.push(`Any ${spec.openNamespaces.map((n) => `--${n}.KEY VALUE`).join(' / ')} goes to the ${spec.openNamespaces.join(' / ')} constructor's options.`, '');
  }
  if (spec.epilog) lines.push(spec.epilog, '');
  return lines.join('\n');
}

/** `flint --help`: the commands and how to get more. */
export function formatMainHelp(commands: readonly CommandSpec[]): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'Usage: flint <command> [options]',
    '',
    'Flint: train LightningModules written in TypeScript.',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Options:',
    '  --help, -h     show help (flint <command> --help for a command\'s options)',
    '  --version, -v  print the Flint version',
    '',
    'Examples:',
    '  flint fit model.ts --trainer.maxEpochs 3',
    '  flint test model.ts --ckpt-path best',
    '  flint info',
    '  flint run --nproc-per-node 2 train.ts',
    '',
  ].join('\n');
}
