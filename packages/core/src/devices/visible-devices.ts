import { DeviceError } from '../tensor/errors.js';

/** Environment variable that hides and reorders devices, as CUDA_VISIBLE_DEVICES does. */
export const VISIBLE_DEVICES_ENV = 'FLINT_VISIBLE_DEVICES';

let override: readonly number[] | null = null;

type Env = Record<string, string | undefined>;
const env = (): Env | undefined => (globalThis as { process?: { env?: Env } }).process?.env;

/**
 * Sets the visible physical devices from code (tests, launchers): `[2, 3]` makes logical
 * devices 0 and 1 physical 2 and 3. `null` goes back to `FLINT_VISIBLE_DEVICES`. Like the
 * environment variable, set it before a device is first used: backends already created keep
 * the physical device they were made for.
 */
export function setVisibleDevices(physical: readonly number[] | null): void {
  if (physical !== null) {
    for (const p of physical) {
      if (!Number.isInteger(p) || p < 0) throw new RangeError(`setVisibleDevices: invalid device index ${p}`);
    }
    if (new Set(physical).size !== physical.length) {
      throw new RangeError(`setVisibleDevices: [${physical.join(',')}] repeats a device`);
    }
  }
  override = physical === null ? null : [...physical];
}

/** The visibility list in force and where it came from; `list` is null when all are visible. */
export interface Visibility {
  readonly list: readonly number[] | null;
  /** `FLINT_VISIBLE_DEVICES=2,3` or `setVisibleDevices([2,3])`, for error messages. */
  readonly source: string;
}

/**
 * Reads the list as CUDA reads CUDA_VISIBLE_DEVICES: comma-separated ordinals, cut at the
 * first entry that is not a non-negative integer or repeats one before it (`'1,x,2'` is
 * `[1]`); an empty value hides every device.
 */
export function parseVisibleDevices(raw: string): number[] {
  const out: number[] = [];
  for (const part of raw.split(',')) {
    const s = part.trim();
    if (!/^[0-9]+$/.test(s)) break;
    const n = Number(s);
    if (out.includes(n)) break;
    out.push(n);
  }
  return out;
}

export function visibility(): Visibility {
  if (override !== null) return { list: override, source: `setVisibleDevices([${override.join(',')}])` };
  const raw = env()?.[VISIBLE_DEVICES_ENV];
  if (raw === undefined) return { list: null, source: '' };
  return { list: parseVisibleDevices(raw), source: `${VISIBLE_DEVICES_ENV}=${raw}` };
}

/**
 * Physical indices of the logical devices 0, 1, ... of a kind with `physicalCount` devices.
 * As with CUDA, the list is cut at its first ordinal that does not exist.
 */
export function visiblePhysical(physicalCount: number): number[] {
  const { list } = visibility();
  if (list === null) return Array.from({ length: physicalCount }, (_, i) => i);
  const out: number[] = [];
  for (const p of list) {
    if (p >= physicalCount) break;
    out.push(p);
  }
  return out;
}

/** Maps a logical ordinal to its physical one; a DeviceError says how many are visible and why. */
export function toPhysical(kind: string, logical: number, physicalCount: number): number {
  const visible = visiblePhysical(physicalCount);
  if (logical < visible.length) return visible[logical];
  const { source } = visibility();
  const why = source ? `${source}, ${physicalCount} ${kind} found` : `${physicalCount} ${kind} found`;
  throw new DeviceError(`${kind}:${logical} requested, ${visible.length} visible (${why})`);
}
