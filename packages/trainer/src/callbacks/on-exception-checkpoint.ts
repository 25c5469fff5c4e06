import { joinPath } from '../io/file-system.js';
import { Callback } from './callback.js';
import type { TrainerView } from './trainer-view.js';

/** Options of `OnExceptionCheckpoint`. */
export interface OnExceptionCheckpointOptions {
  /** Folder of the checkpoint (created if missing). */
  readonly dirpath: string;
  /** Checkpoint name inside `dirpath` (default 'on_exception'). */
  readonly filename?: string;
}

/**
 * Lightning's `OnExceptionCheckpoint`: when a run fails, writes a checkpoint of where it was
 * (atomically, on rank 0) to `dirpath/filename`, so `ckptPath` can resume from it. The
 * original error still ends the run.
 */
export class OnExceptionCheckpoint extends Callback {
  readonly dirpath: string;
  readonly filename: string;
  /** Where the last exception's checkpoint went (empty until one was written). */
  savedPath = '';

  constructor(opts: OnExceptionCheckpointOptions) {
    super();
    if (!opts.dirpath) throw new TypeError('OnExceptionCheckpoint: dirpath is required');
    const filename = opts.filename ?? 'on_exception';
    if (!filename || /[/\\]|^\.\.?$/.test(filename)) throw new TypeError(`OnExceptionCheckpoint: filename must be a plain name, got '${filename}'`);
    this.dirpath = opts.dirpath;
    this.filename = filename;
  }

  override async onException(view: TrainerView): Promise<void> {
    if (!view.isGlobalZero) return;
    await view.fs.mkdir(this.dirpath);
    const path = joinPath(this.dirpath, this.filename);
    await view.saveCheckpoint(path);
    this.savedPath = path;
  }
}
