import { getBackend, normalizeDevice } from '../backend/devices.js';
import { DeviceError } from '../tensor/errors.js';
import { Storage } from '../tensor/storage.js';
import { Tensor } from '../tensor/tensor.js';
import { contiguousStrides } from '../tensor/shape.js';
import { record } from './record.js';
import { contiguous } from './unary.js';

/** Copies `x`'s values into a new dense buffer on `device`. Needs a synchronous read. */
function transfer(x: Tensor, device: string): Storage {
  const dst = getBackend(device); // an unknown device says so first, whatever the source
  const src = x.storage.backend;
  if (!src.readSync) {
    throw new DeviceError(
      `to: cannot move a tensor from ${x.device} to ${device} synchronously (${x.device} reads asynchronously); ` +
        `use await t.toDevice('${device}')`,
    );
  }
  const dense = contiguous(x);
  const values = src.readSync(dense.storage.dataId).subarray(0, x.size);
  if (dense !== x) dense.dispose();
  return new Storage(dst, dst.upload(values, x.dtype), x.dtype, x.size);
}

const wrap = (x: Tensor, storage: Storage): Tensor => new Tensor(storage, x.shape, contiguousStrides(x.shape), 0, x.dtype);

/**
 * `x` on `device`, like PyTorch's `t.to(device)`: the same tensor when it is there already,
 * else a copy, through which gradients flow back to `x`'s device. Synchronous, so the source
 * must allow synchronous reads (CPU does); otherwise use `toDevice`.
 */
export function to(x: Tensor, device: string): Tensor {
  x.assertLive('to');
  const target = normalizeDevice(device);
  if (target === normalizeDevice(x.device)) return x;
  const from = x.device;
  return record('to', [x], wrap(x, transfer(x, target)), [], ([g]) => [to(g, from)]);
}

/** `to` for any source device: waits for an asynchronous read when the source needs one. */
export async function toDevice(x: Tensor, device: string): Promise<Tensor> {
  const target = normalizeDevice(device);
  if (target === normalizeDevice(x.device)) return x;
  if (x.storage.backend.readSync) return to(x, target);
  const values = await x.data();
  const dst = getBackend(target);
  return wrap(x, new Storage(dst, dst.upload(values, x.dtype), x.dtype, x.size));
}

/**
 * Moves `t`'s data to `device` in place, keeping the tensor object (what `module.to` needs:
 * optimizers and user code hold references to parameters). Gradients move with it.
 */
export function moveInPlace(t: Tensor, device: string): void {
  const target = normalizeDevice(device);
  if (target === normalizeDevice(t.device)) return;
  const storage = transfer(t, target);
  t.replaceStorage(storage);
  if (t.grad) moveInPlace(t.grad, target);
}

/**
 * `moveInPlace` from any device: waits for the read when the source reads asynchronously
 * (WebGPU back to the CPU), so a module can leave such a device without a DeviceError.
 */
export async function moveInPlaceAsync(t: Tensor, device: string): Promise<void> {
  const target = normalizeDevice(device);
  if (target === normalizeDevice(t.device)) return;
  if (t.storage.backend.readSync) {
    moveInPlace(t, target);
    return;
  }
  const values = await t.data();
  const dst = getBackend(target);
  t.replaceStorage(new Storage(dst, dst.upload(values, t.dtype), t.dtype, t.size));
  if (t.grad) await moveInPlaceAsync(t.grad, target);
}
