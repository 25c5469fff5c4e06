import type { TypedArray } from '../tensor/dtype.js';
import { dtypeOfArray } from '../tensor/dtype.js';
import { DeviceError, ShapeError, fmtShape } from '../tensor/errors.js';
import { contiguousStrides, sizeOf, type Shape } from '../tensor/shape.js';
import { Storage } from '../tensor/storage.js';
import { Tensor } from '../tensor/tensor.js';
import { getBackend } from '../backend/devices.js';

/**
 * A dense CPU tensor over `values` itself, without a copy: writes through the tensor are seen in
 * `values` and the other way round. With `values` over a SharedArrayBuffer, threads that hold
 * the same memory see one tensor (what `@flint/strategy-ddp`'s `shareMemory` builds on). The
 * dtype is the array's (Float32Array: float32, Int32Array: int32, ...).
 */
export function fromHostMemory(values: TypedArray, shape: Shape): Tensor {
  if (sizeOf(shape) !== values.length) {
    throw new ShapeError(`fromHostMemory: ${values.length} values do not fill shape ${fmtShape(shape)} (${sizeOf(shape)} elements)`);
  }
  const backend = getBackend('cpu');
  if (!backend.adopt) throw new DeviceError(`fromHostMemory: backend '${backend.name}' of device 'cpu' cannot adopt host memory`);
  const dtype = dtypeOfArray(values);
  const storage = new Storage(backend, backend.adopt(values), dtype, values.length);
  return new Tensor(storage, [...shape], contiguousStrides(shape), 0, dtype);
}
