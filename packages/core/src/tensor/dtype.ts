/** Element types a tensor can hold. `float64` exists for gradient checks on the CPU backend. */
export type DType = 'float32' | 'float64' | 'int32' | 'bool';

export type TypedArray = Float32Array | Float64Array | Int32Array | Uint8Array;

/** The TypedArray that backs each dtype on the host. */
export interface DTypeArrays {
  float32: Float32Array;
  float64: Float64Array;
  int32: Int32Array;
  bool: Uint8Array;
}

export const DTYPES: readonly DType[] = ['float32', 'float64', 'int32', 'bool'];

const BYTES: Record<DType, number> = { float32: 4, float64: 8, int32: 4, bool: 1 };

export const bytesPerElement = (dtype: DType): number => BYTES[dtype];

export function allocArray(dtype: DType, size: number): TypedArray {
  switch (dtype) {
    case 'float32':
      return new Float32Array(size);
    case 'float64':
      return new Float64Array(size);
    case 'int32':
      return new Int32Array(size);
    case 'bool':
      return new Uint8Array(size);
  }
}

export const isFloat = (dtype: DType): boolean => dtype === 'float32' || dtype === 'float64';

const RANK: Record<DType, number> = { bool: 0, int32: 1, float32: 2, float64: 3 };

/** PyTorch's promotion for tensor-tensor arithmetic: bool < int32 < float32 < float64. */
export const promoteTypes = (a: DType, b: DType): DType => (RANK[a] >= RANK[b] ? a : b);

export function dtypeOfArray(values: TypedArray): DType {
  if (values instanceof Float32Array) return 'float32';
  if (values instanceof Float64Array) return 'float64';
  if (values instanceof Int32Array) return 'int32';
  return 'bool';
}
