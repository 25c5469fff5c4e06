import { joinPath, type FileSystem } from '../io/file-system.js';
import { CHECKSUMS_FILE } from './checkpoint-io.js';
import { STATE_FILE } from './checkpoint-state.js';

/**
 * Debris a crash can leave next to checkpoint `<name>` in a checkpoint directory:
 * `.<name>.tmp-<tag>` (a save in progress; complete once its checksums.json exists, written
 * last), `.<name>.old-<tag>` (the previous checkpoint, moved aside just before the new one took
 * its name) and `.<name>.trash-<tag>` (a top-k checkpoint being deleted).
 */
const DEBRIS = /^\.(.+)\.(tmp|old|trash)-(\d+-\d+)$/;

/** What `recoverCheckpointDir` did: checkpoints put back under their names, debris removed. */
export interface CheckpointRecovery {
  readonly restored: readonly string[];
  readonly removed: readonly string[];
}

interface Candidate {
  readonly entry: string;
  /** tmp (newest) 2, the named checkpoint 1, old (superseded) 0. */
  readonly rank: number;
  readonly step: number;
}

/** The global step a complete checkpoint directory records, or null when it is not complete. */
async function completeStep(fs: FileSystem, dir: string): Promise<number | null> {
  if ((await fs.lstat(joinPath(dir, CHECKSUMS_FILE)))?.kind !== 'file') return null;
  if ((await fs.lstat(joinPath(dir, STATE_FILE)))?.kind !== 'file') return null;
  try {
    const step = (JSON.parse(await fs.readText(joinPath(dir, STATE_FILE))) as { globalStep?: unknown }).globalStep;
    return typeof step === 'number' && Number.isSafeInteger(step) ? step : null;
  } catch {
    return null;
  }
}

/**
 * Repairs what crashes left in a checkpoint directory, before a run uses it: for each
 * checkpoint name with debris, the newest complete copy (highest global step; a finished save
 * over the checkpoint it was replacing) ends up under the name (a crash between the two renames
 * of an atomic save left none there), and every other copy is removed. Half-deleted top-k
 * entries (`.trash-`) are removed. Nothing outside `dirpath` and its hidden debris is touched.
 */
export async function recoverCheckpointDir(fs: FileSystem, dirpath: string): Promise<CheckpointRecovery> {
  const restored: string[] = [];
  const removed: string[] = [];
  if ((await fs.lstat(dirpath))?.kind !== 'directory') return { restored, removed };
  const byName = new Map<string, { kind: string; entry: string }[]>();
  for (const entry of await fs.readdir(dirpath)) {
    const m = DEBRIS.exec(entry);
    if (m) byName.set(m[1], [...(byName.get(m[1]) ?? []), { kind: m[2], entry }]);
  }
  for (const [name, debris] of byName) {
    const candidates: Candidate[] = [];
    const live = joinPath(dirpath, name);
    const liveStat = await fs.lstat(live);
    if (liveStat?.kind === 'directory') {
      const step = await completeStep(fs, live);
      if (step !== null) candidates.push({ entry: name, rank: 1, step });
    }
    for (const d of debris) {
      if (d.kind === 'trash' || (await fs.lstat(joinPath(dirpath, d.entry)))?.kind !== 'directory') continue;
      const step = await completeStep(fs, joinPath(dirpath, d.entry));
      if (step !== null) candidates.push({ entry: d.entry, rank: d.kind === 'tmp' ? 2 : 0, step });
    }
    candidates.sort((a, b) => b.step - a.step || b.rank - a.rank);
    const winner = candidates[0];
    if (winner && winner.entry !== name) {
      if (liveStat) {
        const aside = `.${name}.trash-${typeof process === 'object' ? process.pid : 0}-${Date.now()}`;
        await fs.rename(live, joinPath(dirpath, aside));
        debris.push({ kind: 'trash', entry: aside });
      }
      await fs.rename(joinPath(dirpath, winner.entry), live);
      restored.push(name);
    }
    for (const d of debris) {
      if (d.entry === winner?.entry) continue;
      await fs.remove(joinPath(dirpath, d.entry));
      removed.push(d.entry);
    }
  }
  if (restored.length + removed.length > 0) await fs.sync(dirpath);
  return { restored, removed };
}
