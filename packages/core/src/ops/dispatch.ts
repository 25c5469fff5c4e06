import type { Backend, KernelOutput, TensorInfo } from '../backend/backend.js';
import { getBackend } from '../backend/devices.js';
import { kernelRegistry } from '../backend/kernel-registry.js';
import type { InPlaceKernel, KernelAttrs, KernelName, MultiOutputKernel } from '../backend/kernel-names.js';
import type { PendingDeviceTime } from '../profiler/device-timer.js';
import { activeRecorder } from '../profiler/op-recorder.js';
import { bytesPerElement } from '../tensor/dtype.js';
import { contiguousStrides, sizeOf } from '../tensor/shape.js';
import { DeviceError } from '../tensor/errors.js';
import { Storage } from '../tensor/storage.js';
import { Tensor } from '../tensor/tensor.js';

type TensorInputs<K extends KernelName> = { [P in keyof KernelAttrsInputs<K>]: Tensor };
type KernelAttrsInputs<K extends KernelName> = import('../backend/kernel-names.js').KernelInputs<K>;

type SingleKernel = Exclude<KernelName, MultiOutputKernel | InPlaceKernel>;

/** Throws a DeviceError naming `op` and both devices unless all tensors share one device. */
export function sameDevice(op: string, tensors: readonly Tensor[]): Backend {
  const first = tensors[0];
  for (const t of tensors) {
    t.assertLive(op);
    if (t.device !== first.device) {
      throw new DeviceError(
        `${op}: expected all tensors on the same device, found ${first.device} and ${t.device}; ` +
          `move one with .to('${first.device}')`,
      );
    }
  }
  return first.storage.backend;
}

function infos(op: string, inputs: Record<string, Tensor>): { backend: Backend; infos: Record<string, TensorInfo> } {
  const list = Object.values(inputs);
  const backend = list.length ? sameDevice(op, list) : getBackend();
  const out: Record<string, TensorInfo> = {};
  for (const k in inputs) out[k] = inputs[k].info();
  return { backend, infos: out };
}

const outputBytes = (o: KernelOutput): number => sizeOf(o.shape) * bytesPerElement(o.dtype);

/** While profiling: starts the backend's device clock (if it has one) and returns the host time. */
function begin(backend: Backend): number {
  backend.deviceTimer?.begin();
  return performance.now();
}

const end = (backend: Backend): PendingDeviceTime | null => backend.deviceTimer?.end() ?? null;

/** Wraps a dense kernel output in a new tensor. */
export function wrapOutput(backend: Backend, o: KernelOutput): Tensor {
  const storage = new Storage(backend, o.dataId, o.dtype, sizeOf(o.shape));
  return new Tensor(storage, o.shape, contiguousStrides(o.shape), 0, o.dtype);
}

/** Runs a one-output kernel on the inputs' device and returns the result as a tensor. */
export function runKernel<K extends SingleKernel>(
  name: K,
  inputs: TensorInputs<K>,
  attrs: KernelAttrs<K>,
  device?: string,
): Tensor {
  const { backend, infos: ins } = infos(name, inputs as Record<string, Tensor>);
  const target = device !== undefined && Object.keys(inputs).length === 0 ? getBackend(device) : backend;
  const kernel = kernelRegistry.get(target.name, name);
  const rec = activeRecorder.current;
  const t0 = rec ? begin(target) : 0;
  const out = kernel.run(ins as never, attrs, target) as KernelOutput;
  if (rec) rec.record(target.name, name, t0, performance.now() - t0, outputBytes(out), end(target));
  return wrapOutput(target, out);
}

/** Runs a kernel with several outputs. */
export function runKernelMulti<K extends MultiOutputKernel>(name: K, inputs: TensorInputs<K>, attrs: KernelAttrs<K>): Tensor[] {
  const { backend, infos: ins } = infos(name, inputs as Record<string, Tensor>);
  const rec = activeRecorder.current;
  const t0 = rec ? begin(backend) : 0;
  const outs = kernelRegistry.get(backend.name, name).run(ins as never, attrs, backend) as KernelOutput[];
  if (rec) rec.record(backend.name, name, t0, performance.now() - t0, outs.reduce((n, o) => n + outputBytes(o), 0), end(backend));
  return outs.map((o) => wrapOutput(backend, o));
}

/** Runs an in-place kernel. */
export function runKernelInPlace<K extends InPlaceKernel>(name: K, inputs: TensorInputs<K>, attrs: KernelAttrs<K>): void {
  const { backend, infos: ins } = infos(name, inputs as Record<string, Tensor>);
  const rec = activeRecorder.current;
  const t0 = rec ? begin(backend) : 0;
  kernelRegistry.get(backend.name, name).run(ins as never, attrs, backend);
  if (rec) rec.record(backend.name, name, t0, performance.now() - t0, 0, end(backend));
}
