import { KernelError } from '@flint/core';

/** A compute program: its cache key, the kernel it serves (for errors) and its WGSL. */
export interface Program {
  readonly key: string;
  readonly kernel: string;
  readonly wgsl: () => string;
}

/** A compile or validation failure of a kernel's WGSL, naming the kernel and the WGSL line. */
export class WgslCompileError extends KernelError {
  constructor(
    readonly kernel: string,
    readonly line: number,
    readonly sourceLine: string,
    detail: string,
  ) {
    super(`${kernel}: WGSL failed to compile at line ${line}: ${sourceLine.trim()}\n${detail}`);
    this.name = 'WgslCompileError';
  }
}

/**
 * Pipelines by shader key. Creation runs inside a validation error scope; since the scope and
 * the compilation messages resolve asynchronously, a failure is handed to `onError` (the
 * backend raises it at the next read or `sync()`), and `compile` lets tests await it.
 */
export class ProgramCache {
  private readonly pipelines = new Map<string, GPUComputePipeline>();
  private readonly checks = new Map<string, Promise<WgslCompileError | null>>();
  private readonly failed = new Map<string, WgslCompileError>();

  constructor(
    private readonly device: GPUDevice,
    private readonly onError: (e: Error) => void,
  ) {}

  /** Resolves once every compile check so far has reported. */
  async settled(): Promise<void> {
    await Promise.all(this.checks.values());
  }

  get size(): number {
    return this.pipelines.size;
  }

  /** Whether the program with shader key `key` has been built. */
  has(key: string): boolean {
    return this.pipelines.has(key);
  }

  pipeline(p: Program): GPUComputePipeline {
    const bad = this.failed.get(p.key);
    if (bad) throw bad;
    const hit = this.pipelines.get(p.key);
    if (hit) return hit;
    const code = p.wgsl();
    this.device.pushErrorScope('validation');
    const module = this.device.createShaderModule({ code, label: p.kernel });
    const pipeline = this.device.createComputePipeline({ layout: 'auto', compute: { module, entryPoint: 'main' }, label: p.kernel });
    const check = this.device.popErrorScope().then(async (err) => {
      if (!err) return null;
      const e = await describe(p.kernel, code, module, err.message);
      this.failed.set(p.key, e);
      this.onError(e);
      return e;
    });
    this.checks.set(p.key, check);
    this.pipelines.set(p.key, pipeline);
    return pipeline;
  }

  /** Compiles `p` and resolves with its compile error, or null when it is valid. */
  async compile(p: Program): Promise<WgslCompileError | null> {
    this.pipeline(p);
    return (await this.checks.get(p.key)) ?? null;
  }
}

async function describe(kernel: string, code: string, module: GPUShaderModule, message: string): Promise<WgslCompileError> {
  const lines = code.split('\n');
  try {
    const info = await module.getCompilationInfo();
    const first = info.messages.find((m) => m.type === 'error');
    if (first) return new WgslCompileError(kernel, first.lineNum, lines[first.lineNum - 1] ?? '', first.message);
  } catch {
    // Fall back to the line number inside the validation message.
  }
  const m = /:(\d+):(\d+)/.exec(message);
  const line = m ? Number(m[1]) : 0;
  return new WgslCompileError(kernel, line, lines[line - 1] ?? '', message);
}
