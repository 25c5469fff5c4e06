import { GradNode, type BackwardFn, type Edge } from '../autograd/grad-node.js';
import { isGradEnabled } from '../autograd/grad-mode.js';
import { Tensor } from '../tensor/tensor.js';

/** True when an op on these inputs must be recorded for backward. */
export function needsGrad(inputs: readonly (Tensor | null | undefined)[]): boolean {
  if (!isGradEnabled()) return false;
  for (const t of inputs) if (t && (t.requiresGrad || t.gradFn)) return true;
  return false;
}

/** Whether a gradient must flow into `t`; decide at record time, not inside backward. */
export const wants = (t: Tensor | null | undefined): boolean => !!t && isGradEnabled() && (t.requiresGrad || t.gradFn !== null);

function edgeOf(t: Tensor | null | undefined): Edge | null {
  if (!t) return null;
  if (t.gradFn) return { node: t.gradFn, index: t.outputIndex };
  return t.requiresGrad ? { leaf: t } : null;
}

/** A handle on `t`'s data for backward: untracked by `tidy`, freed with its node. */
function saveHandle(t: Tensor): Tensor {
  const h = new Tensor(t.storage.retain(), t.shape, t.strides, t.offset, t.dtype);
  h.kept = true;
  return h;
}

/**
 * Records an op in the autograd graph when any input needs a gradient. `save` lists what
 * `backward` needs (inputs or outputs); they stay alive until the graph is freed.
 * Returns `outputs` for chaining.
 */
export function record<T extends Tensor | Tensor[]>(
  name: string,
  inputs: readonly (Tensor | null | undefined)[],
  outputs: T,
  save: readonly Tensor[],
  backward: BackwardFn,
): T {
  if (!needsGrad(inputs)) return outputs;
  const outs = Array.isArray(outputs) ? outputs : [outputs];
  const node = new GradNode(
    name,
    inputs.map(edgeOf),
    save.map(saveHandle),
    backward,
    outs.map((o) => ({ shape: o.shape, dtype: o.dtype, device: o.device })),
  );
  outs.forEach((o, i) => {
    node.retain();
    o.gradFn = node;
    o.outputIndex = i;
  });
  return outputs;
}
