import { LightningDataModule, type BatchSource } from '../module/lightning-data-module.js';
import { MisconfigurationError } from '../trainer/misconfiguration-error.js';

/** The loader hooks a LightningModule or LightningDataModule may define. */
export type DataHook = 'trainDataloader' | 'valDataloader' | 'testDataloader' | 'predictDataloader';

/** Something with loader hooks (a LightningModule or a LightningDataModule). */
export type DataHolder = { readonly [K in DataHook]?: () => BatchSource };

/** What an entry point was given as data: loaders, a data module, or nothing. */
export type DataArgument = BatchSource | LightningDataModule | null | undefined;

/**
 * Where one stage's loader comes from, found in Lightning's order: the loader passed to the
 * entry point, then the data module's hook, then the module's own hook. Finding happens before
 * any rank is launched (so a missing source is reported once); `request()` calls the hook inside
 * each rank, after `setup`, as Lightning does.
 */
export class DataSource {
  private constructor(
    readonly hook: DataHook,
    private readonly given: BatchSource | undefined,
    private readonly holder: DataHolder | undefined,
    /** Where the data comes from, for messages: 'the loader passed in', 'MnistData.trainDataloader()'. */
    readonly origin: string,
  ) {}

  /**
   * The source of `hook`'s data. `explicit` is what the caller passed for this stage (`null`:
   * explicitly none); `dm` the data module, if any. Null when nothing provides the hook.
   */
  static find(hook: DataHook, explicit: BatchSource | null | undefined, dm: LightningDataModule | undefined, module: object): DataSource | null {
    if (explicit === null) return null;
    if (explicit !== undefined) return new DataSource(hook, explicit, undefined, 'the loader passed in');
    for (const holder of [dm, module] as (DataHolder | undefined)[]) {
      if (holder && typeof holder[hook] === 'function') return new DataSource(hook, undefined, holder, `${holder.constructor.name}.${hook}()`);
    }
    return null;
  }

  /** `find`, or a MisconfigurationError saying every place the data could have come from. */
  static require(entry: string, hook: DataHook, explicit: BatchSource | null | undefined, dm: LightningDataModule | undefined, module: object): DataSource {
    const found = DataSource.find(hook, explicit, dm, module);
    if (found) return found;
    const dmText = dm ? `${dm.constructor.name} (the data module passed in) has no ${hook}()` : `a LightningDataModule with ${hook}()`;
    throw new MisconfigurationError(
      `Trainer.${entry} needs data: pass a loader to ${entry}(model, loader), ${dmText}, or define ${hook}() on ${module.constructor.name}`,
    );
  }

  /** The loader(s): the given ones, or the hook's result (which must not be empty). */
  request(): BatchSource {
    if (this.given !== undefined) return this.given;
    const hook = this.holder?.[this.hook];
    const got = hook?.call(this.holder);
    if (got === undefined || got === null) throw new MisconfigurationError(`${this.origin} returned ${String(got)}; return a loader (a DataLoader, an array or an iterable of batches)`);
    return got;
  }
}

/** Splits an entry point's data argument into a data module and loaders. */
export function splitDataArgument(arg: DataArgument): { dm: LightningDataModule | undefined; loaders: BatchSource | null | undefined } {
  return arg instanceof LightningDataModule ? { dm: arg, loaders: undefined } : { dm: undefined, loaders: arg };
}
