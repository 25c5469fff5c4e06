import { Callback, type AnyLightningModule } from './callback.js';
import type { TrainerView } from './trainer-view.js';
import { CheckpointPolicy } from './checkpoint-policy.js';
import { writeCheckpoints } from './checkpoint-writer.js';
import { joinPath } from '../io/file-system.js';
import { parseModelCheckpointState } from './model-checkpoint-state.js';
import { recoverCheckpointDir } from '../checkpoint/checkpoint-dir-recovery.js';

export interface ModelCheckpointOptions {
  /** Default: `<run dir>/checkpoints`. */
  dirpath?: string;
  /** Default `{epoch}-{step}`. */
  filename?: string;
  monitor?: string;
  mode?: 'min' | 'max';
  /** Default 1. */
  saveTopK?: number;
  saveLast?: boolean;
  everyNEpochs?: number;
  /** Save every N optimizer steps instead of at validation/epoch ends. */
  everyNTrainSteps?: number;
}

/**
 * Lightning's ModelCheckpoint: saves at validation end (or train epoch end without
 * validation), or every N train steps; top-k by a monitored metric; `last` on request.
 * Deciding is `CheckpointPolicy`'s, writing `writeCheckpoints`'.
 */
export class ModelCheckpoint extends Callback {
  override readonly order = 100;
  readonly policy: CheckpointPolicy;
  private dir: string | undefined;
  private lastSavedStep = -1;
  private validatedThisEpoch = false;
  bestModelPath = '';
  lastModelPath = '';

  constructor(private readonly opts: ModelCheckpointOptions = {}) {
    super();
    this.policy = new CheckpointPolicy({
      filename: opts.filename ?? '{epoch}-{step}',
      monitor: opts.monitor,
      mode: opts.mode ?? 'min',
      saveTopK: opts.saveTopK ?? 1,
      saveLast: opts.saveLast ?? false,
    });
    this.dir = opts.dirpath;
  }

  /** Where checkpoints go (known once fit started). */
  get dirpath(): string {
    return this.dir ?? '';
  }

  /** Rank 0 first repairs what a crash left in the directory (see `recoverCheckpointDir`). */
  override async setup(view: TrainerView): Promise<void> {
    this.dir ??= joinPath(view.logDir || view.defaultRootDir, 'checkpoints');
    if (view.isGlobalZero) await recoverCheckpointDir(view.fs, this.dir);
  }

  override onTrainEpochStart(): void {
    this.validatedThisEpoch = false;
  }

  override async onTrainBatchEnd(view: TrainerView): Promise<void> {
    const n = this.opts.everyNTrainSteps;
    if (n && view.globalStep % n === 0) await this.save(view);
  }

  override async onValidationEnd(view: TrainerView): Promise<void> {
    if (view.sanityChecking || this.opts.everyNTrainSteps) return;
    this.validatedThisEpoch = true;
    if (this.epochDue(view)) await this.save(view);
  }

  override async onTrainEpochEnd(view: TrainerView, _m: AnyLightningModule): Promise<void> {
    if (this.opts.everyNTrainSteps || this.validatedThisEpoch) return;
    if (this.epochDue(view)) await this.save(view);
  }

  private epochDue(view: TrainerView): boolean {
    return (view.currentEpoch + 1) % (this.opts.everyNEpochs ?? 1) === 0;
  }

  private async save(view: TrainerView): Promise<void> {
    if (this.lastSavedStep === view.globalStep) return;
    this.lastSavedStep = view.globalStep;
    // Every rank decides on rank 0's metrics, so top-k and bestModelPath agree across ranks.
    const metrics = await view.broadcast({ ...view.callbackMetrics });
    const action = this.policy.decide(metrics, view.currentEpoch, view.globalStep);
    // The state written into this very checkpoint must already name the new best (and itself
    // when it is the best), so bestModelPath is updated before the write, not after.
    const best = this.policy.best;
    if (best) this.bestModelPath = joinPath(this.dirpath, best.name);
    const m = this.opts.monitor;
    const saved = await writeCheckpoints(view, this.dirpath, action, m !== undefined ? { name: m, value: metrics[m] } : undefined);
    if (saved) this.lastModelPath = saved;
    if (action.saveLast) this.lastModelPath = joinPath(this.dirpath, 'last');
  }

  override stateDict(): Record<string, unknown> {
    return { kept: this.policy.kept, bestModelPath: this.bestModelPath, dirpath: this.dirpath };
  }

  /**
   * Restores top-k only when the checkpoint was written to this callback's own `dirpath` (as
   * Lightning does): top-k deletes what `kept` names, so a checkpoint from elsewhere (or a
   * forged one) must never steer it. `bestModelPath` is restored either way.
   */
  override loadStateDict(state: Readonly<Record<string, unknown>>): void {
    const saved = parseModelCheckpointState(state);
    this.bestModelPath = saved.bestModelPath;
    this.policy.kept = joinPath(saved.dirpath) === joinPath(this.dirpath) ? saved.kept : [];
  }
}
