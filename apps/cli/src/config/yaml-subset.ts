import { isSafeKey } from './unsafe-keys.js';
/**
 * The part of YAML that Lightning-style config files use: nested block mappings, block
 * sequences of scalars, flow sequences `[1, 2]`, plain/quoted scalars and `#` comments.
 * Anything else (anchors, multi-line strings, flow mappings) is an error naming the line, so
 * a config never means something other than it says.
 */
export class YamlSubsetError extends Error {
  override readonly name = 'YamlSubsetError';

  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
  }
}

interface Line {
  readonly no: number;
  readonly indent: number;
  readonly text: string;
}

function stripComment(s: string): string {
  let quote: string | null = null;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quote) {
      if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '#' && (i === 0 || /\s/.test(s[i - 1]))) return s.slice(0, i);
  }
  return s;
}

/** A YAML scalar: quoted strings, numbers, booleans, null; plain text otherwise. */
export function yamlScalar(raw: string, line: number): unknown {
  const s = raw.trim();
  if (s.length >= 2 && ((s[0] === '"' && s.endsWith('"')) || (s[0] === "'" && s.endsWith("'")))) {
    return s[0] === '"' ? (JSON.parse(s) as string) : s.slice(1, -1).replace(/''/g, "'");
  }
  if (s === '' || s === '~' || s === 'null') return null;
  if (s === 'true' || s === 'false') return s === 'true';
  if (/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(s)) return Number(s);
  if (s.startsWith('[')) {
    if (!s.endsWith(']')) throw new YamlSubsetError(line, `unterminated flow sequence '${s}'`);
    const body = s.slice(1, -1).trim();
    return body === '' ? [] : body.split(',').map((x) => yamlScalar(x, line));
  }
  if (/^[&*!|>{]/.test(s)) throw new YamlSubsetError(line, `'${s}' uses YAML the config reader does not support (anchors, tags, block or flow-mapping scalars)`);
  return s;
}

function parseBlock(lines: readonly Line[], start: number, indent: number): [unknown, number] {
  const first = lines[start];
  if (first.text.startsWith('- ') || first.text === '-') {
    const seq: unknown[] = [];
    let i = start;
    while (i < lines.length && lines[i].indent === indent && (lines[i].text.startsWith('- ') || lines[i].text === '-')) {
      seq.push(yamlScalar(lines[i].text.slice(1), lines[i].no));
      i++;
    }
    return [seq, i];
  }
  const map: Record<string, unknown> = {};
  let i = start;
  while (i < lines.length && lines[i].indent === indent) {
    const { text, no } = lines[i];
    const m = /^("[^"]*"|'[^']*'|[^:]+?)\s*:(\s+(.*))?$/.exec(text);
    if (!m) throw new YamlSubsetError(no, `expected 'key: value', got '${text}'`);
    const key = String(yamlScalar(m[1], no));
    if (!isSafeKey(key)) throw new YamlSubsetError(no, `'${key}' cannot be a key`);
    if (Object.hasOwn(map, key)) throw new YamlSubsetError(no, `duplicate key '${key}'`);
    const rest = (m[3] ?? '').trim();
    i++;
    if (rest !== '') map[key] = yamlScalar(rest, no);
    else if (i < lines.length && lines[i].indent > indent) [map[key], i] = parseBlock(lines, i, lines[i].indent);
    else if (i < lines.length && lines[i].indent === indent && lines[i].text.startsWith('-')) [map[key], i] = parseBlock(lines, i, indent);
    else map[key] = null;
  }
  if (i < lines.length && lines[i].indent > indent) throw new YamlSubsetError(lines[i].no, 'unexpected indentation');
  return [map, i];
}

/** Parses a YAML document of the supported subset; an empty document is `{}`. */
export function parseYamlSubset(source: string): unknown {
  const lines: Line[] = [];
  source.split(/\r?\n/).forEach((raw, idx) => {
    if (raw.includes('\t')) throw new YamlSubsetError(idx + 1, 'tabs are not allowed in YAML indentation');
    const text = stripComment(raw).trimEnd();
    if (text.trim() === '' || text.trim() === '---') return;
    lines.push({ no: idx + 1, indent: text.length - text.trimStart().length, text: text.trim() });
  });
  if (lines.length === 0) return {};
  const [value, end] = parseBlock(lines, 0, lines[0].indent);
  if (end < lines.length) throw new YamlSubsetError(lines[end].no, 'unexpected dedent or indentation');
  return value;
}
