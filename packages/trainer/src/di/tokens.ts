import type { Registry, StrategyFactory, AcceleratorFactory, FlintRegistries } from '@flint/core';
import { token } from './token.js';
import type { EventBus } from '../events/event-bus.js';
import type { ObserverErrors } from '../events/observer-errors.js';
import type { PluginLoader } from './plugin-loader.js';
import type { FileSystem } from '../io/file-system.js';
import type { LoggerFactory } from '../loggers/logger.js';
import type { CallbackFactory } from '../callbacks/callback.js';
import type { CheckpointIO } from '../checkpoint/checkpoint-io.js';
import type { Reporter } from '../events/reporter.js';

/** Every DI token of the trainer; the container registers each one (container.spec checks). */
export const STRATEGY_REGISTRY = token<Registry<StrategyFactory>>('StrategyRegistry');
export const ACCELERATOR_REGISTRY = token<Registry<AcceleratorFactory>>('AcceleratorRegistry');
export const LOGGER_REGISTRY = token<Registry<LoggerFactory>>('LoggerRegistry');
export const CALLBACK_REGISTRY = token<Registry<CallbackFactory>>('CallbackRegistry');
export const FLINT_REGISTRIES = token<FlintRegistries>('FlintRegistries');
export const PLUGIN_LOADER = token<PluginLoader>('PluginLoader');
export const PLUGIN_IMPORTER = token<(pkg: string) => Promise<unknown>>('PluginImporter');
export const EVENT_BUS = token<EventBus>('EventBus');
export const OBSERVER_ERRORS = token<ObserverErrors>('ObserverErrors');
export const REPORTER = token<Reporter>('Reporter');
export const FILE_SYSTEM = token<FileSystem>('FileSystem');
export const CHECKPOINT_IO = token<CheckpointIO>('CheckpointIO');

/** All tokens, for the spec that resolves each. */
export const ALL_TOKENS = [
  STRATEGY_REGISTRY,
  ACCELERATOR_REGISTRY,
  LOGGER_REGISTRY,
  CALLBACK_REGISTRY,
  FLINT_REGISTRIES,
  PLUGIN_LOADER,
  PLUGIN_IMPORTER,
  EVENT_BUS,
  OBSERVER_ERRORS,
  REPORTER,
  FILE_SYSTEM,
  CHECKPOINT_IO,
] as const;
