import { DeviceError, getBackend, type AnyModule } from '@flint/core';
import type { ResolvedParallelConfig } from '../options/resolve-options.js';
import { gather } from './gather.js';
import { Replica } from './replica.js';
import { inReplica } from './replica-error.js';
import { scatter } from './scatter.js';

/** Runs the module on one replica's inputs: `m.call(...args)` for DataParallel (hooks run). */
export type ReplicaApply<In extends readonly unknown[], Out> = (inputs: In) => Out;

/** The synchronous path copies with synchronous reads; a device without them needs `forwardAsync`. */
function assertSyncDevices(devices: readonly string[]): void {
  for (const d of devices) {
    if (!getBackend(d).readSync) {
      throw new DeviceError(
        `DataParallel: ${d} reads asynchronously, so a synchronous forward cannot copy tensors to and from it; ` +
          `use await dp.forwardAsync(...inputs), and after loss.backward() await dp.finishBackward()`,
      );
    }
  }
}

/**
 * One synchronous DataParallel forward: scatter `inputs` along `dim` over the devices,
 * replicate the module onto the devices that got a piece, apply each replica to its piece,
 * gather the outputs on `outputDevice`. Every copy is an autograd op, so `loss.backward()`
 * alone carries the replicas' gradients into the module. Needs devices that read
 * synchronously (CPU, logical CPU devices); WebGPU devices use `AsyncParallelRun`.
 */
export function parallelForward<In extends readonly unknown[], Out>(module: AnyModule, inputs: In, cfg: ResolvedParallelConfig, apply: ReplicaApply<In, Out>): Out {
  if (cfg.deviceIds.length > 1 || cfg.outputDevice !== cfg.deviceIds[0]) assertSyncDevices([...cfg.deviceIds, cfg.outputDevice]);
  const pieces = scatter(inputs, cfg.deviceIds, cfg.dim);
  const outs: Out[] = [];
  for (let i = 0; i < pieces.length; i++) {
    const device = cfg.deviceIds[i];
    const replica = Replica.of(module, device, cfg.deviceIds[0]);
    try {
      outs.push(replica.run(() => apply(pieces[i])));
    } catch (e) {
      throw inReplica(e, i, device);
    } finally {
      replica.releaseBuffers();
    }
  }
  return gather(outs, cfg.outputDevice, cfg.dim) as Out;
}
