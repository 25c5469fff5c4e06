import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus } from 'node:os';
import { deviceName, kernelRegistry, listDevices, registerDeviceProvider, Registry, type AcceleratorFactory, type FlintRegistries, type StrategyFactory } from '@flint/core';
import { FLINT_VERSION, KNOWN_PLUGINS, MissingPluginError, PluginLoader } from '@flint/trainer';

/** One Flint package and its version, or null when it is not installed. */
export interface PackageInfo {
  readonly name: string;
  readonly version: string | null;
}

/** A plugin alias, its package, and whether loading and registering it worked. */
export interface PluginInfo {
  readonly kind: string;
  readonly alias: string;
  readonly packageName: string;
  readonly status: 'installed' | 'not installed' | 'error';
  readonly detail?: string;
}

/** A device Flint can run on: `cpu`, `webgpu:0` with its adapter name. */
export interface DeviceInfo {
  readonly device: string;
  readonly name: string;
}

/** What `flint info` reports. */
export interface FlintInfo {
  readonly flint: string;
  readonly node: string;
  readonly platform: string;
  readonly packages: readonly PackageInfo[];
  readonly plugins: readonly PluginInfo[];
  readonly devices: readonly DeviceInfo[];
  /** Why a kind has no devices (`webgpu: no adapter found`). */
  readonly notes: readonly string[];
}

const PACKAGES = ['@flint/core', '@flint/trainer', '@flint/strategy-ddp', '@flint/strategy-dp', '@flint/backend-webgpu', '@flint/cli'];

function packageVersion(name: string): string | null {
  try {
    const path = createRequire(import.meta.url).resolve(`${name}/package.json`);
    return (JSON.parse(readFileSync(path, 'utf8')) as { version?: string }).version ?? null;
  } catch {
    return null;
  }
}

const withTimeout = <T>(p: Promise<T>, ms: number, what: string): Promise<T> =>
  Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms).unref())]);

/** Loads every known plugin through the trainer's loader, the way a Trainer would. */
async function loadPlugins(registries: FlintRegistries): Promise<PluginInfo[]> {
  const loader = new PluginLoader(registries, (pkg) => import(pkg));
  const out: PluginInfo[] = [];
  for (const [kind, table] of Object.entries(KNOWN_PLUGINS) as [keyof typeof KNOWN_PLUGINS, Record<string, string>][]) {
    for (const [alias, packageName] of Object.entries(table)) {
      try {
        await loader.load(kind, alias);
        out.push({ kind, alias, packageName, status: 'installed' });
      } catch (e) {
        if (e instanceof MissingPluginError) out.push({ kind, alias, packageName, status: 'not installed', detail: e.message });
        else out.push({ kind, alias, packageName, status: 'error', detail: e instanceof Error ? e.message : String(e) });
      }
    }
  }
  return out;
}

/**
 * Gathers versions, plugins and devices. Each accelerator plugin that loaded is asked for
 * its devices (WebGPU requests an adapter; `webgpuTimeoutMs` bounds a driver that hangs).
 */
export async function collectFlintInfo(webgpuTimeoutMs = 30_000): Promise<FlintInfo> {
  const accelerators = new Registry<AcceleratorFactory>('accelerator');
  const registries: FlintRegistries = { strategies: new Registry<StrategyFactory>('strategy'), accelerators, kernels: kernelRegistry, registerDeviceProvider };
  const plugins = await loadPlugins(registries);
  const cpuList = cpus();
  const devices: DeviceInfo[] = [{ device: 'cpu', name: `${cpuList[0]?.model.trim() ?? 'cpu'} (${cpuList.length} logical cores)` }];
  const notes: string[] = [];
  for (const kind of accelerators.names()) {
    try {
      const count = await withTimeout(accelerators.get(kind).deviceCount(), webgpuTimeoutMs, `${kind} adapter request`);
      if (count === 0) notes.push(`${kind}: no adapter found`);
      for (const d of listDevices(kind)) devices.push({ device: d, name: deviceName(d) });
    } catch (e) {
      notes.push(`${kind}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  for (const p of plugins) if (p.kind === 'accelerator' && p.status !== 'installed') notes.push(`${p.alias}: ${p.detail ?? p.status}`);
  return {
    flint: FLINT_VERSION,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    packages: PACKAGES.map((name) => ({ name, version: packageVersion(name) })),
    plugins,
    devices,
    notes,
  };
}
