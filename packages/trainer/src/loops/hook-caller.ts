import type { Callback, AnyLightningModule } from '../callbacks/callback.js';
import type { CallbackRunner } from '../callbacks/callback-runner.js';
import type { TrainerView } from '../callbacks/trainer-view.js';
import type { LightningModule } from '../module/lightning-module.js';
import type { Profiler } from '../profiler/profiler.js';

/** Whether `cb` has a method named `hook` (the profiler times only those, to keep its table short). */
const implementsHook = (cb: Callback, hook: string): boolean => typeof (cb as unknown as Record<string, unknown>)[hook] === 'function';

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
    /** Times every hook as `[Callback]Name.hook` / `[LightningModule]Name.hook` when set. */
    private readonly profiler: Profiler | null = null,
  ) {}

  /** `onModule` may return a promise (`prepareData`, `setup`): it is awaited. */
  async call(hook: string, onCallback: CallbackCall | null, onModule?: () => void | Promise<void>): Promise<void> {
    const p = this.profiler;
    if (p) {
      if (onCallback) await this.runner.run(hook, (cb) => (implementsHook(cb, hook) ? p.time(`[Callback]${cb.name}.${hook}`, () => onCallback(cb, this.view, this.module)) : undefined));
      if (onModule) await p.timeSync(`[LightningModule]${this.module.constructor.name}.${hook}`, onModule);
      return;
    }
    if (onCallback) await this.runner.run(hook, (cb) => onCallback(cb, this.view, this.module));
    await onModule?.();
  }

  /** For hooks inside the optimizer step (inside `tidy`). */
  callSync(hook: string, onCallback: CallbackCall, onModule: () => void): void {
    const p = this.profiler;
    if (p) {
      this.runner.runSync(hook, (cb) => (implementsHook(cb, hook) ? p.timeSync(`[Callback]${cb.name}.${hook}`, () => onCallback(cb, this.view, this.module)) : undefined));
      p.timeSync(`[LightningModule]${this.module.constructor.name}.${hook}`, onModule);
      return;
    }
    this.runner.runSync(hook, (cb) => onCallback(cb, this.view, this.module));
    onModule();
  }
}
