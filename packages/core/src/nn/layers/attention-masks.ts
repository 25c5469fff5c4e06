import { fmtShape } from '../../tensor/errors.js';
import type { Tensor } from '../../tensor/tensor.js';
import { add } from '../../ops/binary.js';
import { zeros } from '../../ops/creation.js';
import { maskedFill } from '../../ops/masked-fill.js';
import { reshape } from '../../ops/view.js';

/** A layer's complaint about one mask argument: the argument's name and what was wrong. */
export type MaskProblem = (argument: string, detail: string) => never;

/** A bool mask (true = blocked, nn.MultiheadAttention's convention) or a float one, as an additive float mask. */
const additive = (mask: Tensor, dtype: Tensor['dtype']): Tensor =>
  mask.dtype === 'bool' ? maskedFill(zeros(mask.shape, { dtype, device: mask.device }), mask, -Infinity) : mask;

/**
 * Combines `nn.MultiheadAttention`'s `attn_mask` ([L, S] or [B*heads, L, S]) and
 * `key_padding_mask` ([B, S]), bool (true = may NOT attend) or float (added), into one additive
 * mask that broadcasts to the scores [B, heads, L, S]; null when neither is given. A mask of
 * the wrong shape is reported through `problem` with both shapes.
 */
export function combineAttentionMasks(
  attnMask: Tensor | null | undefined,
  keyPaddingMask: Tensor | null | undefined,
  dims: { batch: number; heads: number; queries: number; keys: number; dtype: Tensor['dtype'] },
  problem: MaskProblem,
): Tensor | null {
  const { batch, heads, queries: l, keys: s } = dims;
  let out: Tensor | null = null;
  if (attnMask) {
    const flat = attnMask.ndim === 2 && attnMask.shape[0] === l && attnMask.shape[1] === s;
    const perHead = attnMask.ndim === 3 && attnMask.shape[0] === batch * heads && attnMask.shape[1] === l && attnMask.shape[2] === s;
    if (!flat && !perHead) {
      problem('attn_mask', `attn_mask ${fmtShape(attnMask.shape)} does not fit ${l} queries and ${s} keys: expected ${fmtShape([l, s])} or ${fmtShape([batch * heads, l, s])}`);
    }
    out = reshape(additive(attnMask, dims.dtype), flat ? [1, 1, l, s] : [batch, heads, l, s]);
  }
  if (keyPaddingMask) {
    if (keyPaddingMask.ndim !== 2 || keyPaddingMask.shape[0] !== batch || keyPaddingMask.shape[1] !== s) {
      problem('key_padding_mask', `key_padding_mask ${fmtShape(keyPaddingMask.shape)} does not fit batch ${batch} and ${s} keys: expected ${fmtShape([batch, s])}`);
    }
    const kpm = reshape(additive(keyPaddingMask, dims.dtype), [batch, 1, 1, s]);
    out = out ? add(out, kpm) : kpm;
  }
  return out;
}
