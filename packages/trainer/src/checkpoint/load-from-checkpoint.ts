import type { ModuleTree } from '@flint/core';
// eslint-disable-next-line @nx/enforce-module-boundaries -- a subpath import, not another project
import { defaultFileSystem } from '#default-file-system';
import type { FileSystem } from '../io/file-system.js';
import { lazyFileSystem } from '../io/lazy-file-system.js';
import { AtomicCheckpointIO } from './checkpoint-io.js';
import { CheckpointConnector } from './checkpoint-connector.js';

/** Options of `LightningModule.loadFromCheckpoint`. */
export interface LoadFromCheckpointOptions {
  /** Hyperparameters to change from the saved ones (`{ lr: 0.01 }`). */
  readonly overrides?: Readonly<Record<string, unknown>>;
  /** The device to put the module on ('cpu', 'webgpu:0'; default 'cpu'), as PyTorch's `map_location`. */
  readonly mapLocation?: string;
  /** Where the checkpoint lives (default: the disk in Node, memory in a browser). */
  readonly fs?: FileSystem;
}

/** A module class built from one options object (what `saveHyperparameters` records). */
export type ModuleFromHparams<T> = new (...args: never[]) => T;

/**
 * Lightning's `load_from_checkpoint`: reads the checkpoint directory at `path` (checksums
 * verified), builds `new cls({ ...savedHyperparameters, ...overrides })`, moves it to
 * `mapLocation` and loads the weights there (strictly: a key missing or extra is an error). The
 * module is in eval mode, ready for `predict`.
 */
export async function loadFromCheckpoint<T extends ModuleTree>(cls: ModuleFromHparams<T>, path: string, opts: LoadFromCheckpointOptions = {}): Promise<T> {
  const connector = new CheckpointConnector(new AtomicCheckpointIO(opts.fs ?? lazyFileSystem(defaultFileSystem)));
  const loaded = await connector.load(path);
  try {
    // The class takes its options object, whatever it declares; the saved values are JSON.
    const build = cls as unknown as new (hparams: Record<string, unknown>) => T;
    const module = new build({ ...loaded.state.hparams, ...opts.overrides });
    module.to(opts.mapLocation ?? 'cpu');
    connector.restoreModel(loaded, module);
    module.eval();
    return module;
  } finally {
    loaded.dispose();
  }
}
