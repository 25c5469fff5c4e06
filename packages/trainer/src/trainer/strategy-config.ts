import type { Strategy } from '@flint/core';
import { MisconfigurationError } from './misconfiguration-error.js';

/** `'ddp'` with its options (the shape `@flint/strategy-ddp` reads; PyTorch's names in camelCase). */
export interface DdpStrategyConfig {
  readonly name: 'ddp';
  /** 'tcp' between processes (default), 'shm' between worker threads. */
  readonly backend?: 'tcp' | 'shm';
  /** Gradient bucket cap in MB (PyTorch's `bucket_cap_mb`, default 25). */
  readonly bucketCapMb?: number;
  /** The first bucket's cap in MB (default 1). */
  readonly firstBucketCapMb?: number;
  /** Parameters without a gradient count as zero instead of failing (default false). */
  readonly findUnusedParameters?: boolean;
  /** How long a collective waits for peers (default 30 minutes). */
  readonly timeoutMs?: number;
  /** 'process' (default): the other ranks re-run this script; 'thread': worker threads. */
  readonly launcher?: 'process' | 'thread';
}

/** `'dp'` with its options (`@flint/strategy-dp`). */
export interface DpStrategyConfig {
  readonly name: 'dp';
  readonly deviceIds?: readonly string[];
  readonly outputDevice?: string;
  /** Dimension the batch is split along (default 0). */
  readonly dim?: number;
  /** CPU only: replicas 1.. on worker threads, each building the module from this file and export. */
  readonly replica?: { readonly module: string | URL; readonly exportName: string; readonly args?: readonly unknown[] };
}

/** `'single'` with its device. */
export interface SingleStrategyConfig {
  readonly name: 'single';
  /** 'cpu', 'webgpu:1' (default: the accelerator's first device). */
  readonly device?: string;
}

/** A strategy and its options as one typed value: `{ name: 'ddp', bucketCapMb: 50 }`. */
export type StrategyConfig = DdpStrategyConfig | DpStrategyConfig | SingleStrategyConfig;

/** The built-in strategy names; other registered plugins are reached by their own name. */
export type StrategyName = 'auto' | 'single' | 'dp' | 'ddp';

/**
 * What `strategy` accepts: a name (`'ddp'`), a typed config (`{ name: 'ddp', timeoutMs: 60_000 }`),
 * or a Strategy instance. `(string & {})` keeps plugin names open without losing the hints.
 */
export type StrategyOption = StrategyName | (string & {}) | StrategyConfig | Strategy;

const KNOWN_KEYS: Record<StrategyConfig['name'], readonly string[]> = {
  ddp: ['name', 'backend', 'bucketCapMb', 'firstBucketCapMb', 'findUnusedParameters', 'timeoutMs', 'launcher'],
  dp: ['name', 'deviceIds', 'outputDevice', 'dim', 'replica'],
  single: ['name', 'device'],
};

const isStrategy = (v: object): v is Strategy => typeof (v as Strategy).launch === 'function' && typeof (v as Strategy).setup === 'function';

/** The strategy to build: an instance as given, or a registry name with its options. */
export type StrategyChoice = { readonly instance: Strategy } | { readonly name: string; readonly options: Readonly<Record<string, unknown>> };

/**
 * Splits `strategy` (and the older `strategyOptions`) into what to build. A config's keys are
 * checked here too, for JavaScript callers and config files: `{ name: 'ddp', bucketCapMB: 50 }`
 * is a MisconfigurationError listing the valid keys, before anything is launched.
 */
export function strategyChoice(strategy: StrategyOption | undefined, legacyOptions: Readonly<Record<string, unknown>> | undefined): StrategyChoice {
  if (strategy === undefined || typeof strategy === 'string') return { name: strategy ?? 'auto', options: { ...legacyOptions } };
  if (isStrategy(strategy)) return { instance: strategy };
  const config = strategy as StrategyConfig & Record<string, unknown>;
  const keys = KNOWN_KEYS[config.name];
  if (!keys) throw new MisconfigurationError(`Trainer: strategy config needs name 'single', 'dp' or 'ddp', got ${JSON.stringify(config.name)}`);
  const unknown = Object.keys(config).filter((k) => !keys.includes(k));
  if (unknown.length > 0) {
    throw new MisconfigurationError(`Trainer: strategy '${config.name}' has no option ${unknown.map((k) => `'${k}'`).join(', ')}; its options: ${keys.slice(1).join(', ')}`);
  }
  const { name, ...options } = config;
  return { name, options: { ...legacyOptions, ...options } };
}
