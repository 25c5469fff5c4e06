import type { FlintInfo } from './collect-flint-info.js';

const table = (rows: readonly (readonly string[])[]): string[] => {
  const widths = rows.reduce<number[]>((w, r) => r.map((c, i) => Math.max(w[i] ?? 0, c.length)), []);
  return rows.map((r) => `  ${r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('  ')}`);
};

/** `flint info` as text: versions, plugins, devices with names. */
export function formatFlintInfo(info: FlintInfo): string[] {
  return [
    `Flint ${info.flint}`,
    `  node ${info.node} (${info.platform})`,
    '',
    'Packages:',
    ...table(info.packages.map((p) => [p.name, p.version ?? 'not installed'])),
    '',
    'Plugins:',
    ...table(info.plugins.map((p) => [`${p.kind} '${p.alias}'`, p.packageName, p.status === 'error' ? `error: ${p.detail ?? ''}` : p.status])),
    '',
    'Devices:',
    ...table(info.devices.map((d) => [d.device, d.name])),
    ...info.notes.map((n) => `  (${n})`),
  ];
}
