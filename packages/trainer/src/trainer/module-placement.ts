import type { Module, Strategy } from '@flint/core';

/**
 * Where the user's module lives around a run. Lightning moves the model to the strategy's
 * device for every stage (so `validate`/`test`/`predict` work without a prior `fit`), and a
 * multi-device strategy hands it back where it was: after a 'dp' or 'ddp' run the parameters
 * are on the device they started on ('cpu' rather than 'vcpu:0'). A single-device run leaves
 * the model on its device, as Lightning does.
 */
export class ModulePlacement {
  private constructor(
    private readonly module: Module<never[], unknown>,
    private readonly startDevice: string | undefined,
  ) {}

  /** Notes the module's device (that of its first parameter or buffer) before the run. */
  static capture(module: Module<never[], unknown>): ModulePlacement {
    const first = module.parameters()[0] ?? module.buffers()[0];
    return new ModulePlacement(module, first?.device);
  }

  /** Moves the module onto the run's device (in place). */
  enter(strategy: Pick<Strategy, 'rootDevice'>): void {
    this.module.to(strategy.rootDevice);
  }

  /** After the run: back to the starting device unless the strategy was a single device. */
  async leave(strategy: Pick<Strategy, 'name'>): Promise<void> {
    if (strategy.name === 'single' || this.startDevice === undefined) return;
    await this.module.toAsync(this.startDevice);
  }
}
