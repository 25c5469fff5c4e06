import type { TensorInfo } from '@flint/core';

/**
 * The kernel the backend is running, so that errors raised while it allocates or records work
 * can name the op and its input shapes. A stack (a kernel may run another) of references kept in
 * reused slots, so entering a kernel allocates nothing; the text is built only on error.
 */
export class OpContext {
  private readonly kernels: string[] = [];
  private readonly inputs: object[] = [];
  private readonly attrs: object[] = [];
  private depth = 0;

  /** Marks `kernel` as running with `inputs` and `attrs` until the matching `exit`. */
  enter(kernel: string, inputs: object, attrs: object): void {
    this.kernels[this.depth] = kernel;
    this.inputs[this.depth] = inputs;
    this.attrs[this.depth] = attrs;
    this.depth++;
  }

  exit(): void {
    this.depth--;
  }

  /**
   * `Gather(x float32 [3,4], index int32 [3,2])`, `Fill(shape [8])` (tensor inputs, then the
   * shape-valued attributes) of the innermost running kernel, or `outside` when none runs.
   */
  describe(outside: string): string {
    const top = this.depth - 1;
    if (top < 0) return outside;
    const parts: string[] = [];
    for (const [name, info] of Object.entries(this.inputs[top])) {
      if (isTensorInfo(info)) parts.push(`${name} ${info.dtype} [${info.shape.join(',')}]`);
    }
    for (const [name, v] of Object.entries(this.attrs[top])) {
      if (/shape$/i.test(name) && Array.isArray(v)) parts.push(`${name} [${v.join(',')}]`);
    }
    return `${this.kernels[top]}(${parts.join(', ')})`;
  }
}

function isTensorInfo(v: unknown): v is TensorInfo {
  return typeof v === 'object' && v !== null && 'shape' in v && 'dtype' in v && 'dataId' in v;
}
