import { joinPath } from '../io/file-system.js';
import type { TrainerView } from './trainer-view.js';
import type { CheckpointAction } from './checkpoint-policy.js';
import { removeCheckpointDir } from './checkpoint-removal.js';

/** The directory name `saveLast` writes; `ckptPath: 'last'` resumes from it. */
export const LAST_NAME = 'last';

/** Carries out a `CheckpointAction`: saves, then deletes what top-k dropped, then `last`. */
export async function writeCheckpoints(view: TrainerView, dirpath: string, action: CheckpointAction, monitor?: { name: string; value: number }): Promise<string | null> {
  if (!view.isGlobalZero) return null;
  await view.fs.mkdir(dirpath);
  let saved: string | null = null;
  if (action.save) {
    saved = joinPath(dirpath, action.save);
    await view.saveCheckpoint(saved);
    view.events.emit({ type: 'checkpointSaved', path: saved, epoch: view.currentEpoch, globalStep: view.globalStep, monitor });
  }
  for (const name of action.remove) await removeCheckpointDir(view.fs, dirpath, name);
  if (action.saveLast) {
    const last = joinPath(dirpath, LAST_NAME);
    await view.saveCheckpoint(last);
    view.events.emit({ type: 'checkpointSaved', path: last, epoch: view.currentEpoch, globalStep: view.globalStep, monitor });
  }
  return saved;
}
