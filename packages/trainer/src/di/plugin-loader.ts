import './reflect-polyfill.js';
import type { FlintPlugin, FlintRegistries } from '@flint/core';
import { inject, injectable } from 'tsyringe';
import { FLINT_REGISTRIES, PLUGIN_IMPORTER } from './tokens.js';

/** Which package provides each plugin alias. */
export const KNOWN_PLUGINS = {
  strategy: { ddp: '@flint/strategy-ddp', dp: '@flint/strategy-dp' },
  accelerator: { webgpu: '@flint/backend-webgpu' },
} as const satisfies Record<string, Record<string, string>>;

export type PluginKind = keyof typeof KNOWN_PLUGINS;

/** A plugin's package is not installed; the message says how to install it. */
export class MissingPluginError extends Error {
  override readonly name = 'MissingPluginError';

  constructor(
    readonly kind: PluginKind,
    readonly alias: string,
    readonly packageName: string,
  ) {
    super(`${kind} '${alias}' needs ${packageName}: npm install ${packageName}`);
  }
}

const isPlugin = (x: unknown): x is FlintPlugin => typeof x === 'object' && x !== null && typeof (x as FlintPlugin).register === 'function';

const isModuleNotFound = (e: unknown, pkg: string): boolean => {
  const code = (e as { code?: string }).code;
  const msg = e instanceof Error ? e.message : '';
  return (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND' || /Cannot find (module|package)|Failed to resolve/.test(msg)) && msg.includes(pkg);
};

/**
 * Imports a plugin package by its known name and calls its descriptor's `register` (once per
 * package). The package exports one `FlintPlugin` (named `plugin`, or any export that is one).
 */
@injectable()
export class PluginLoader {
  private readonly loaded = new Set<string>();

  constructor(
    @inject(FLINT_REGISTRIES) private readonly registries: FlintRegistries,
    @inject(PLUGIN_IMPORTER) private readonly importer: (pkg: string) => Promise<unknown>,
  ) {}

  canLoad(kind: PluginKind, alias: string): boolean {
    return alias in KNOWN_PLUGINS[kind];
  }

  async load(kind: PluginKind, alias: string): Promise<void> {
    const table = KNOWN_PLUGINS[kind] as Record<string, string>;
    const pkg = table[alias];
    if (!pkg) {
      const known = Object.keys(table).join(', ');
      throw new Error(`unknown ${kind} '${alias}' (built in or loadable: ${kind === 'strategy' ? 'auto, single, ' : 'auto, cpu, '}${known})`);
    }
    if (this.loaded.has(pkg)) return;
    let mod: unknown;
    try {
      mod = await this.importer(pkg);
    } catch (e) {
      if (isModuleNotFound(e, pkg)) throw new MissingPluginError(kind, alias, pkg);
      throw e;
    }
    const exports = Object.values(mod as Record<string, unknown>);
    const plugin = (mod as { plugin?: unknown }).plugin ?? exports.find(isPlugin);
    if (!isPlugin(plugin)) throw new Error(`${pkg} does not export a FlintPlugin descriptor`);
    plugin.register(this.registries);
    this.loaded.add(pkg);
  }
}
