import { getNumThreads, memory } from '@flint/core';
import { Callback } from './callback.js';
import type { TrainerView } from './trainer-view.js';

/** Options of `DeviceStatsMonitor`. */
export interface DeviceStatsMonitorOptions {
  /** Log after every n-th training batch (default 1). */
  readonly everyNSteps?: number;
}

interface HostMemory {
  memoryUsage?: () => { heapUsed: number; rss: number };
}

/**
 * Lightning's `DeviceStatsMonitor`: after training batches logs `device_stats/cpu_threads`
 * (core's intra-op threads), the JS heap (`heap_used_bytes`, and `rss_bytes` in Node), live
 * tensors, and each device's backend buffers and bytes as its backend counts them
 * (`device_stats/webgpu:0/buffer_bytes` is the WebGPU buffer memory). Browser-safe: the
 * process figures appear only where `process.memoryUsage` exists.
 */
export class DeviceStatsMonitor extends Callback {
  private readonly every: number;

  constructor(opts: DeviceStatsMonitorOptions = {}) {
    super();
    this.every = opts.everyNSteps ?? 1;
    if (!Number.isInteger(this.every) || this.every < 1) throw new RangeError(`DeviceStatsMonitor: everyNSteps must be a positive integer, got ${this.every}`);
  }

  /** The figures, now. */
  static stats(): Record<string, number> {
    const out: Record<string, number> = { 'device_stats/cpu_threads': getNumThreads() };
    const proc = (globalThis as { process?: HostMemory }).process;
    if (proc?.memoryUsage) {
      const m = proc.memoryUsage();
      out['device_stats/heap_used_bytes'] = m.heapUsed;
      out['device_stats/rss_bytes'] = m.rss;
    }
    const mem = memory();
    out['device_stats/live_tensors'] = mem.tensors;
    for (const [device, d] of Object.entries(mem.devices)) {
      out[`device_stats/${device}/buffers`] = d.buffers;
      out[`device_stats/${device}/buffer_bytes`] = d.bytes;
    }
    return out;
  }

  override onTrainBatchEnd(view: TrainerView): void {
    if (view.globalStep % this.every !== 0) return;
    view.events.emit({ type: 'metrics', step: view.globalStep, epoch: view.currentEpoch, metrics: DeviceStatsMonitor.stats() });
  }
}
