import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

/**
 * Rewrites `checksums.json` of checkpoint `dir` to match its files as they are now: what an
 * attacker who edited a file does (the checksum file has no key), so a test reaches past it.
 * `extra` adds manifest entries pointing anywhere.
 */
export function forgeChecksums(dir: string, extra: Record<string, string> = {}): void {
  const files: Record<string, string> = {};
  for (const name of readdirSync(dir).sort()) if (name !== 'checksums.json') files[name] = sha(readFileSync(join(dir, name)));
  Object.assign(files, extra);
  const self = sha(new TextEncoder().encode(JSON.stringify(files)));
  writeFileSync(join(dir, 'checksums.json'), JSON.stringify({ files, self }, null, 1));
}

/** Edits `state.json` of checkpoint `dir` with `edit`, then forges the checksums. */
export function editState(dir: string, edit: (state: Record<string, unknown>) => void): void {
  const path = join(dir, 'state.json');
  const state = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  edit(state);
  writeFileSync(path, JSON.stringify(state));
  forgeChecksums(dir);
}
