import { DeviceError, fromHostMemory, isTensorHeapMemory, type DType, type Tensor, type TypedArray } from '@flint/core';

/** What travels between threads for a shared tensor: its memory is shared, never copied. */
export interface SharedTensorHandle {
  readonly buffer: SharedArrayBuffer;
  readonly byteOffset: number;
  readonly length: number;
  readonly dtype: DType;
  readonly shape: readonly number[];
}

function arrayOver(dtype: DType, buffer: SharedArrayBuffer, byteOffset: number, length: number): TypedArray {
  switch (dtype) {
    case 'float32':
      return new Float32Array(buffer, byteOffset, length);
    case 'float64':
      return new Float64Array(buffer, byteOffset, length);
    case 'int32':
      return new Int32Array(buffer, byteOffset, length);
    case 'bool':
      return new Uint8Array(buffer, byteOffset, length);
  }
}

/** `t`'s own host memory when it is a dense CPU tensor, else undefined. */
function ownHostMemory(t: Tensor): TypedArray | undefined {
  const { backend, dataId } = t.storage;
  if (!backend.hostView || !t.isContiguous()) return undefined;
  return backend.hostView(dataId).subarray(t.offset, t.offset + t.size);
}

/**
 * The memory of a tensor that is shared for its lifetime: a SharedArrayBuffer of its own. The CPU
 * backend's tensor heap is a SharedArrayBuffer too, but a block there is reused by another tensor
 * once this one is disposed, so another thread must never keep a view of it.
 */
function ownSharedMemory(t: Tensor): TypedArray | undefined {
  const mem = ownHostMemory(t);
  return mem?.buffer instanceof SharedArrayBuffer && !isTensorHeapMemory(mem) ? mem : undefined;
}

/** True when `t` is a dense CPU tensor whose memory is a SharedArrayBuffer of its own (PyTorch's `is_shared()`). */
export function isSharedMemory(t: Tensor): boolean {
  return ownSharedMemory(t) !== undefined;
}

/**
 * A CPU tensor with `t`'s values whose storage lives in shared memory (a SharedArrayBuffer),
 * like PyTorch's `share_memory_()`: `TensorQueue` and worker threads then pass it without
 * copying, and writes by any thread are seen by all. Returns `t` itself when it is shared
 * already; otherwise copies once. Flint's tensors cannot change storage from outside core, so
 * unlike PyTorch this returns a new tensor rather than moving `t` in place.
 */
export function shareMemory(t: Tensor): Tensor {
  t.assertLive('shareMemory');
  if (isSharedMemory(t)) return t;
  const { backend } = t.storage;
  if (!backend.readSync) {
    throw new DeviceError(`shareMemory: tensor of shape [${t.shape.join(', ')}] is on '${t.device}', which cannot share host memory; use t.to('cpu') first`);
  }
  const values = t.dataSync();
  const shared = arrayOver(t.dtype, new SharedArrayBuffer(values.byteLength), 0, values.length);
  shared.set(values);
  return fromHostMemory(shared, t.shape);
}

/** The handle another thread turns back into the same tensor with `tensorFromHandle`. */
export function sharedHandle(t: Tensor, op: string): SharedTensorHandle {
  const mem = ownSharedMemory(t);
  if (!mem || !(mem.buffer instanceof SharedArrayBuffer)) {
    throw new DeviceError(`${op}: tensor of shape [${t.shape.join(', ')}] on '${t.device}' is not in shared memory; pass shareMemory(t)`);
  }
  return { buffer: mem.buffer, byteOffset: mem.byteOffset, length: mem.length, dtype: t.dtype, shape: [...t.shape] };
}

/** A tensor over the shared memory a handle names: the sender's tensor, not a copy. */
export function tensorFromHandle(h: SharedTensorHandle): Tensor {
  return fromHostMemory(arrayOver(h.dtype, h.buffer, h.byteOffset, h.length), h.shape);
}
