import { fromValues, type Tensor } from '@flint/core';
import type { HostTensor } from './replica-protocol.js';

/** `t`'s values on the host (a copy; CPU tensors read synchronously). */
export const toHost = (t: Tensor): HostTensor => ({ shape: [...t.shape], dtype: t.dtype, values: t.dataSync() });

/** A CPU tensor holding a host tensor's values. */
export const fromHost = (h: HostTensor): Tensor => fromValues(h.values, h.shape, { dtype: h.dtype });
