import { FlintError } from '../tensor/errors.js';

/**
 * Why a safetensors buffer was rejected. The names follow the reference Rust crate's
 * `SafeTensorError` variants, so a report can be matched against either implementation.
 */
export type SafetensorsErrorCode =
  /** Fewer than the 8 bytes of the header length. */
  | 'HeaderTooSmall'
  /** Not safetensors at all: a PyTorch `.pt` zip archive or a pickle (Flint's own code). */
  | 'NotSafetensors'
  /** The declared header length exceeds the reader's limit. */
  | 'HeaderTooLarge'
  /** The declared header length runs past the end of the buffer. */
  | 'InvalidHeaderLength'
  /** The header is not valid UTF-8. */
  | 'InvalidHeader'
  /** The header does not start with `{`. */
  | 'InvalidHeaderStart'
  /** The header is not JSON, or not an object of tensor entries and `__metadata__`. */
  | 'InvalidHeaderDeserialization'
  /** A tensor names a dtype this reader does not know. */
  | 'InvalidDType'
  /** A tensor's shape or offsets are malformed, or its byte size disagrees with its shape. */
  | 'TensorInvalidInfo'
  /** A tensor's data does not start where the previous one ended (gap, overlap, out of range). */
  | 'InvalidOffset'
  /** The tensors' data does not end exactly at the end of the buffer. */
  | 'MetadataIncompleteBuffer'
  /** A size computation left the range of exact integers. */
  | 'ValidationOverflow'
  /** An integer value cannot be represented in Flint's dtype (int64 beyond int32). */
  | 'ValueOutOfRange'
  /** A tensor looked up by name is not in the file. */
  | 'TensorNotFound';

/** A safetensors buffer that fails validation; `code` says which rule it broke. */
export class SafetensorsError extends FlintError {
  constructor(
    readonly code: SafetensorsErrorCode,
    message: string,
  ) {
    super(`${code}: ${message}`);
  }
}
