import { CheckpointCorruptError } from '../checkpoint/checkpoint-corrupt-error.js';
import { STATE_FILE } from '../checkpoint/checkpoint-state.js';
import type { KeptCheckpoint } from './checkpoint-policy.js';
import { isCheckpointName } from './checkpoint-removal.js';

/** ModelCheckpoint's part of `state.json`, validated. */
export interface ModelCheckpointState {
  readonly dirpath: string;
  readonly kept: KeptCheckpoint[];
  readonly bestModelPath: string;
}

const fail = (field: string, why: string): never => {
  throw new CheckpointCorruptError(STATE_FILE, `callbacks.ModelCheckpoint.${field} ${why}`);
};

/**
 * Checks ModelCheckpoint's saved state (untrusted: it decides what top-k deletes later): `kept`
 * is a list of `{ name, score }` with plain checkpoint names and no duplicates; `dirpath` and
 * `bestModelPath` are strings (the latter is only ever loaded, never deleted). Throws a CheckpointCorruptError naming
 * the field.
 */
export function parseModelCheckpointState(raw: Readonly<Record<string, unknown>>): ModelCheckpointState {
  const { dirpath, kept, bestModelPath } = raw;
  if (typeof dirpath !== 'string') fail('dirpath', `must be a string, got ${JSON.stringify(dirpath)}`);
  if (!Array.isArray(kept)) fail('kept', `must be a list, got ${JSON.stringify(kept)}`);
  const list: KeptCheckpoint[] = [];
  const seen = new Set<string>();
  (kept as unknown[]).forEach((k, i) => {
    const entry = (typeof k === 'object' && k !== null ? k : {}) as Record<string, unknown>;
    if (!isCheckpointName(entry.name)) fail(`kept[${i}].name`, `${JSON.stringify(entry.name)} is not a checkpoint directory name (one path part, not hidden)`);
    if (typeof entry.score !== 'number') fail(`kept[${i}].score`, `must be a number, got ${JSON.stringify(entry.score)}`);
    const name = entry.name as string;
    if (seen.has(name)) fail(`kept[${i}].name`, `'${name}' is listed twice`);
    seen.add(name);
    list.push({ name, score: entry.score as number });
  });
  const best = bestModelPath ?? '';
  if (typeof best !== 'string') fail('bestModelPath', `must be a string, got ${JSON.stringify(best)}`);
  return { dirpath: dirpath as string, kept: list, bestModelPath: best as string };
}
