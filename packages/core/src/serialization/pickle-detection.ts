import { SafetensorsError } from './safetensors-error.js';

/** How to turn a PyTorch checkpoint into what Flint reads, in PyTorch's own terms. */
export const EXPORT_SAFETENSORS_HINT =
  'export it from PyTorch as safetensors: `from safetensors.torch import save_file; ' +
  'save_file({k: v.contiguous() for k, v in model.state_dict().items()}, "model.safetensors")`, then load that file';

/**
 * Throws a SafetensorsError ('NotSafetensors') when `bytes` start like a PyTorch checkpoint
 * instead: a zip archive (`torch.save` since 1.6: `.pt`, `.pth`, `.bin`) or a bare pickle (older
 * `torch.save`, pickle protocols 2 to 5). Flint never unpickles: a pickle can run any code.
 * A safetensors file whose 8-byte header length happens to start with the same bytes is told
 * apart by its ninth byte, which is always the header's `{`.
 */
export function rejectPickle(bytes: Uint8Array): void {
  if (bytes.length > 8 && bytes[8] === 0x7b) return;
  const zip = bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
  const pickle = bytes.length >= 2 && bytes[0] === 0x80 && bytes[1] >= 2 && bytes[1] <= 5;
  if (!zip && !pickle) return;
  const what = zip ? 'a zip archive, as PyTorch\'s torch.save writes .pt/.pth files (pickled tensors)' : `a Python pickle (protocol ${bytes[1]})`;
  throw new SafetensorsError('NotSafetensors', `this is ${what}, not safetensors; Flint does not unpickle (a pickle can run code): ${EXPORT_SAFETENSORS_HINT}`);
}
