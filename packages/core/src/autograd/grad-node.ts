import type { Tensor } from '../tensor/tensor.js';
import type { DType } from '../tensor/dtype.js';
import type { Shape } from '../tensor/shape.js';

/** Where an input's gradient goes: into another node's output slot, or into a leaf's `.grad`. */
export type Edge = { readonly node: GradNode; readonly index: number } | { readonly leaf: Tensor };

/**
 * Computes the gradients of a node's inputs from the gradients of its outputs. Runs with grad
 * recording off; `saved` are the tensors the op asked to keep. A `null` means "no gradient".
 */
export type BackwardFn = (grads: Tensor[], saved: readonly Tensor[]) => (Tensor | null)[];

export interface OutputMeta {
  readonly shape: Shape;
  readonly dtype: DType;
  readonly device: string;
}

/**
 * One recorded op in the autograd graph. Reference counted by the tensors it produced and
 * by the nodes downstream of it; when nothing refers to it, its saved tensors are freed.
 */
export class GradNode {
  private refs = 0;
  private released = false;
  private savedTensors: readonly Tensor[];
  /** True once a backward without `retainGraph` went through it. */
  freed = false;

  constructor(
    readonly name: string,
    readonly edges: readonly (Edge | null)[],
    saved: readonly Tensor[],
    readonly backwardFn: BackwardFn,
    readonly outputs: readonly OutputMeta[],
  ) {
    this.savedTensors = saved;
    for (const e of edges) if (e && 'node' in e) e.node.retain();
  }

  get saved(): readonly Tensor[] {
    return this.savedTensors;
  }

  retain(): void {
    this.refs++;
  }

  release(): void {
    if (--this.refs > 0 || this.released) return;
    this.released = true;
    this.freeSaved();
    for (const e of this.edges) if (e && 'node' in e) e.node.release();
  }

  /** Drops the saved tensors; the node can no longer run backward. */
  freeSaved(): void {
    for (const t of this.savedTensors) t.dispose();
    this.savedTensors = [];
  }
}
