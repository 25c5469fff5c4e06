const plain = /^[A-Za-z_][\w.\-/]*$/;

function scalar(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  const s = String(v);
  return plain.test(s) && !/^(true|false|null|yes|no|on|off)$/i.test(s) ? s : JSON.stringify(s);
}

/** A small YAML emitter for hyper-parameters (JSON values: maps, lists, scalars). */
export function toYaml(value: unknown, indent = ''): string {
  if (Array.isArray(value)) {
    if (value.length === 0) return `${indent}[]\n`;
    return value.map((v) => (typeof v === 'object' && v !== null ? `${indent}-\n${toYaml(v, `${indent}  `)}` : `${indent}- ${scalar(v)}\n`)).join('');
  }
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value);
    if (entries.length === 0) return `${indent}{}\n`;
    return entries
      .map(([k, v]) => (typeof v === 'object' && v !== null && Object.keys(v).length > 0 ? `${indent}${scalar(k)}:\n${toYaml(v, `${indent}  `)}` : `${indent}${scalar(k)}: ${typeof v === 'object' && v !== null ? (Array.isArray(v) ? '[]' : '{}') : scalar(v)}\n`))
      .join('');
  }
  return `${indent}${scalar(value)}\n`;
}
