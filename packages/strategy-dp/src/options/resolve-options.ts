import { DeviceError, currentDevice, listDevices, parseDevice, type AnyModule } from '@flint/core';

/** How DataParallel splits work: PyTorch's `device_ids`, `output_device` and `dim`. */
export interface DataParallelOptions {
  /** Devices the batch is split over (default: every visible device of the module's kind). */
  readonly deviceIds?: readonly string[];
  /** Where outputs are gathered (default `deviceIds[0]`). */
  readonly outputDevice?: string;
  /** Dimension the inputs are scattered and the outputs gathered along (default 0). */
  readonly dim?: number;
}

/** The options with defaults applied and device strings in canonical form (`'vcpu:0'`). */
export interface ResolvedParallelConfig {
  readonly deviceIds: readonly string[];
  readonly outputDevice: string;
  readonly dim: number;
}

/** `'webgpu'` → the kind's current device (`'webgpu:0'`); `'cpu:0'` → `'cpu'`. */
export function canonicalDevice(device: string): string {
  const { kind, index } = parseDevice(device);
  if (kind === 'cpu') return 'cpu';
  return index === undefined ? currentDevice(kind) : `${kind}:${index}`;
}

/** Where the module lives: its first parameter's (or buffer's) device, `'cpu'` when it has none. */
export function moduleDevice(module: AnyModule): string {
  return (module.parameters()[0] ?? module.buffers()[0])?.device ?? 'cpu';
}

/** Applies PyTorch's defaults and validates the device list. */
export function resolveParallelConfig(module: AnyModule, opts: DataParallelOptions = {}): ResolvedParallelConfig {
  const home = moduleDevice(module);
  const deviceIds = (opts.deviceIds ?? listDevices(parseDevice(home).kind)).map(canonicalDevice);
  if (deviceIds.length === 0) throw new DeviceError(`DataParallel: deviceIds is empty; name at least one device (the module is on ${home})`);
  const dup = deviceIds.find((d, i) => deviceIds.indexOf(d) !== i);
  if (dup !== undefined) throw new DeviceError(`DataParallel: deviceIds [${deviceIds.join(', ')}] names ${dup} twice`);
  const dim = opts.dim ?? 0;
  if (!Number.isInteger(dim)) throw new RangeError(`DataParallel: dim must be an integer, got ${dim}`);
  return { deviceIds, outputDevice: canonicalDevice(opts.outputDevice ?? deviceIds[0]), dim };
}

/** PyTorch's check: replicas are copied from `deviceIds[0]`, so the module must live there. */
export function assertOnSourceDevice(module: AnyModule, cfg: ResolvedParallelConfig): void {
  const src = cfg.deviceIds[0];
  for (const t of [...module.parameters(), ...module.buffers()]) {
    if (t.device !== src) {
      throw new DeviceError(
        `DataParallel: module must have its parameters and buffers on device ${src} (deviceIds[0]) but found one of them on device ${t.device}; ` +
          `call module.to('${src}') first`,
      );
    }
  }
}
