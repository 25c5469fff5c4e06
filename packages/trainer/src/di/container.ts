import './reflect-polyfill.js';
import { container as rootContainer, Lifecycle, type DependencyContainer } from 'tsyringe';
import { kernelRegistry, registerDeviceProvider, Registry, type AcceleratorFactory, type FlintRegistries, type StrategyFactory } from '@flint/core';
import {
  ACCELERATOR_REGISTRY,
  CALLBACK_REGISTRY,
  CHECKPOINT_IO,
  EVENT_BUS,
  FILE_SYSTEM,
  FLINT_REGISTRIES,
  LOGGER_REGISTRY,
  OBSERVER_ERRORS,
  PLUGIN_IMPORTER,
  PLUGIN_LOADER,
  REPORTER,
  STRATEGY_REGISTRY,
} from './tokens.js';
import { resolve } from './token.js';
import { PluginLoader } from './plugin-loader.js';
import { EventBus } from '../events/event-bus.js';
import { ObserverErrors } from '../events/observer-errors.js';
import { consoleReporter, type Reporter } from '../events/reporter.js';
import type { FileSystem } from '../io/file-system.js';
import { lazyFileSystem } from '../io/lazy-file-system.js';
// The package's `imports` map picks the Node (disk) or browser (memory) default.
// eslint-disable-next-line @nx/enforce-module-boundaries -- a subpath import, not another project
import { defaultFileSystem } from '#default-file-system';
import { AtomicCheckpointIO } from '../checkpoint/checkpoint-io.js';
import type { LoggerFactory } from '../loggers/logger.js';
import type { CallbackFactory } from '../callbacks/callback.js';
import { singleDeviceFactory } from '../strategies/single-device-strategy.js';
import { cpuAccelerator } from '../accelerators/cpu-accelerator.js';
import { registerBuiltins } from './builtins.js';

/** What a caller may replace (tests, browsers). */
export interface ContainerOverrides {
  readonly fs?: FileSystem;
  readonly reporter?: Reporter;
  /** How plugin packages are imported (default: dynamic `import(name)`). */
  readonly importer?: (pkg: string) => Promise<unknown>;
}

/**
 * The one composition root: a child container per Trainer holding the registries (built-in
 * strategies 'single'/'auto', accelerators 'cpu'), the plugin loader, the event bus and the
 * IO. Nothing registers itself on import; plugins come in through `PluginLoader`.
 */
export function createContainer(overrides: ContainerOverrides = {}): DependencyContainer {
  const c = rootContainer.createChildContainer();
  const strategies = new Registry<StrategyFactory>('strategy');
  const accelerators = new Registry<AcceleratorFactory>('accelerator');
  strategies.add('single', singleDeviceFactory);
  accelerators.add('cpu', cpuAccelerator);
  const registries: FlintRegistries = { strategies, accelerators, kernels: kernelRegistry, registerDeviceProvider };
  c.register(STRATEGY_REGISTRY, { useValue: strategies });
  c.register(ACCELERATOR_REGISTRY, { useValue: accelerators });
  c.register(LOGGER_REGISTRY, { useValue: new Registry<LoggerFactory>('logger') });
  c.register(CALLBACK_REGISTRY, { useValue: new Registry<CallbackFactory>('callback') });
  c.register(FLINT_REGISTRIES, { useValue: registries });
  c.register(REPORTER, { useValue: overrides.reporter ?? consoleReporter });
  c.register(FILE_SYSTEM, { useValue: overrides.fs ?? lazyFileSystem(defaultFileSystem) });
  c.register(PLUGIN_IMPORTER, { useValue: overrides.importer ?? ((pkg: string) => import(pkg)) });
  c.register(PLUGIN_LOADER, { useClass: PluginLoader }, { lifecycle: Lifecycle.ContainerScoped });
  c.register(OBSERVER_ERRORS, { useClass: ObserverErrors }, { lifecycle: Lifecycle.ContainerScoped });
  c.register(EVENT_BUS, { useClass: EventBus }, { lifecycle: Lifecycle.ContainerScoped });
  c.register(CHECKPOINT_IO, { useClass: AtomicCheckpointIO }, { lifecycle: Lifecycle.ContainerScoped });
  registerBuiltins(resolve(c, LOGGER_REGISTRY), resolve(c, CALLBACK_REGISTRY));
  return c;
}
