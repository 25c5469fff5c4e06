import type { Callback, AnyLightningModule } from '../callbacks/callback.js';
import type { CallbackRunner } from '../callbacks/callback-runner.js';
import type { TrainerView } from '../callbacks/trainer-view.js';
import type { LightningModule } from '../module/lightning-module.js';

type CallbackCall = (cb: Callback, view: TrainerView, module: AnyLightningModule) => void | Promise<void>;

/**
 * Calls one hook on the callbacks (in the runner's order, awaited) and then on the module,
 * as Lightning does for the hooks both have.
 */
export class HookCaller {
  constructor(
    private readonly runner: CallbackRunner,
    private readonly view: TrainerView,
    private readonly module: LightningModule<never, never[], unknown>,
  ) {}

  async call(hook: string, onCallback: CallbackCall | null, onModule?: () => void): Promise<void> {
    if (onCallback) await this.runner.run(hook, (cb) => onCallback(cb, this.view, this.module));
    onModule?.();
  }

  /** For hooks inside the optimizer step (inside `tidy`). */
  callSync(hook: string, onCallback: CallbackCall, onModule: () => void): void {
    this.runner.runSync(hook, (cb) => onCallback(cb, this.view, this.module));
    onModule();
  }
}
