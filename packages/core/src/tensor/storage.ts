import type { Backend, DataId } from '../backend/backend.js';
import type { DType } from './dtype.js';
import { bytesPerElement } from './dtype.js';

/**
 * One backend buffer shared by every view of it. Reference counted: each tensor (and each
 * tensor saved for backward) holds one reference; the buffer is freed when the last goes.
 */
export class Storage {
  private refs = 1;

  constructor(
    readonly backend: Backend,
    readonly dataId: DataId,
    readonly dtype: DType,
    readonly size: number,
  ) {
    liveStats.buffers++;
    liveStats.bytes += size * bytesPerElement(dtype);
  }

  get refCount(): number {
    return this.refs;
  }

  retain(): this {
    this.refs++;
    return this;
  }

  release(): void {
    if (this.refs <= 0) return;
    if (--this.refs === 0) {
      this.backend.dispose(this.dataId);
      liveStats.buffers--;
      liveStats.bytes -= this.size * bytesPerElement(this.dtype);
    }
  }
}

/** Process-wide counts of live buffers, for `memory()`. */
export const liveStats = { buffers: 0, bytes: 0, tensors: 0 };
