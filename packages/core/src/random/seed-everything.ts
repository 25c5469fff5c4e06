import { defaultGenerator } from './generator.js';

/** What `seedEverything` recorded: the base seed and whether data workers derive theirs. */
export interface GlobalSeed {
  readonly seed: number;
  readonly workers: boolean;
}

export interface SeedEverythingOptions {
  /** Seed DataLoader workers from the base seed (`workerSeed`), as Lightning's `workers=True`. */
  workers?: boolean;
}

/** Environment variables the seed travels in to launched processes (Lightning's PL_GLOBAL_SEED). */
export const GLOBAL_SEED_ENV = 'FLINT_GLOBAL_SEED';
export const SEED_WORKERS_ENV = 'FLINT_SEED_WORKERS';

let recorded: GlobalSeed | undefined;

type Env = Record<string, string | undefined>;
const env = (): Env | undefined => (globalThis as { process?: { env?: Env } }).process?.env;

function seedFromEnv(): number | undefined {
  const raw = env()?.[GLOBAL_SEED_ENV];
  if (raw === undefined || raw.trim() === '') return undefined;
  const n = Number(raw);
  if (!Number.isSafeInteger(n)) throw new RangeError(`seedEverything: ${GLOBAL_SEED_ENV}=${raw} is not an integer seed`);
  return n;
}

/**
 * Seeds Flint's default generator, like Lightning's `seed_everything`, records the seed for
 * data workers (`globalSeed()`), and puts it in `FLINT_GLOBAL_SEED` / `FLINT_SEED_WORKERS`
 * where a process environment exists, so processes launched from here seed alike. Without a
 * seed it takes `FLINT_GLOBAL_SEED`, else a non-deterministic one. Returns the seed used.
 */
export function seedEverything(seed?: number, opts: SeedEverythingOptions = {}): number {
  let s = seed ?? seedFromEnv();
  if (s === undefined) s = defaultGenerator.seed();
  else defaultGenerator.manualSeed(s);
  const workers = opts.workers ?? false;
  recorded = { seed: s, workers };
  const e = env();
  if (e) {
    e[GLOBAL_SEED_ENV] = String(s);
    e[SEED_WORKERS_ENV] = workers ? '1' : '0';
  }
  return s;
}

/** The seed `seedEverything` last set, or undefined when it was not called. */
export const globalSeed = (): GlobalSeed | undefined => recorded;

/**
 * The seed of DataLoader worker `workerId` for a loader whose base seed is `baseSeed`, as
 * PyTorch derives it: `baseSeed + workerId` (wrapped below 2^53).
 */
export function workerSeed(baseSeed: number, workerId: number): number {
  if (!Number.isSafeInteger(baseSeed) || !Number.isInteger(workerId) || workerId < 0) {
    throw new RangeError(`workerSeed: expected an integer base seed and worker id, got ${baseSeed} and ${workerId}`);
  }
  return (baseSeed + workerId) % 2 ** 53;
}
