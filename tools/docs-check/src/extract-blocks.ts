import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** One fenced TypeScript block of a README. */
export interface DocBlock {
  /** The README, relative to the repository root. */
  readonly file: string;
  /** 1-based line of the block's first code line (the line after the opening fence). */
  readonly line: number;
  readonly code: string;
  /** The fence says ```ts runnable: the check runs it, not only type-checks it. */
  readonly runnable: boolean;
}

/** The marker after ```ts that makes a block run as well as type-check. */
export const RUNNABLE_MARKER = 'runnable';

const FENCE = /^(\s*)(`{3,}|~{3,})\s*([^\s`]*)\s*(.*)$/;

/**
 * The ```ts / ```typescript blocks of one Markdown text, in order. Other languages and
 * unterminated fences are skipped; a block's indentation (a block inside a list) is removed.
 */
export function extractTsBlocks(markdown: string, file: string): DocBlock[] {
  const lines = markdown.split('\n');
  const blocks: DocBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i]);
    if (!open) continue;
    const [, indent, fence, lang, rest] = open;
    let end = i + 1;
    while (end < lines.length && !(lines[end].trim().startsWith(fence) && lines[end].trim().replace(/[`~]/g, '') === '')) end++;
    if (end >= lines.length) break;
    if (lang === 'ts' || lang === 'typescript') {
      const body = lines.slice(i + 1, end).map((l) => (l.startsWith(indent) ? l.slice(indent.length) : l));
      blocks.push({ file, line: i + 2, code: body.join('\n'), runnable: rest.split(/\s+/).includes(RUNNABLE_MARKER) });
    }
    i = end;
  }
  return blocks;
}

const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'fixtures', 'reports', 'tmp', 'coverage', 'out-tsc']);

/** Every README.md under `root` (not in node_modules, build output, fixtures or dot folders), sorted. */
export function findReadmes(root: string, dir = root): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      if (!entry.name.startsWith('.') && !SKIPPED_DIRS.has(entry.name)) out.push(...findReadmes(root, join(dir, entry.name)));
    } else if (entry.name === 'README.md') {
      out.push(relative(root, join(dir, entry.name)));
    }
  }
  return out.sort();
}

/** Every TypeScript block of every README under `root`. */
export const readmeBlocks = (root: string): DocBlock[] =>
  findReadmes(root).flatMap((file) => extractTsBlocks(readFileSync(join(root, file), 'utf8'), file));
