let warned = false;

/**
 * The warning for more ranks on one machine than it has WebGPU adapters: several ranks then
 * compute on one GPU (like processes sharing one CUDA device). Allowed, as PyTorch allows it,
 * but the ranks split the GPU's time and memory. Undefined when `device` is not WebGPU or every
 * rank of this machine has an adapter of its own (`adapters`: how many this machine shows).
 */
export function sharedAdapterWarning(device: string, localRanks: number, adapters = 1): string | undefined {
  const have = Math.max(1, adapters);
  if (!device.startsWith('webgpu') || localRanks <= have) return undefined;
  const what = have === 1 ? 'one WebGPU adapter' : `${have} WebGPU adapters`;
  return `ddp: ${localRanks} ranks of this machine share ${what} (this rank: ${device}); they split its time and memory, so expect less than linear scaling`;
}

/** Emits `sharedAdapterWarning` once per thread (`process.emitWarning`, code FLINT_DDP_SHARED_ADAPTER). */
export function warnIfAdapterShared(device: string, localRanks: number, adapters = 1): void {
  const message = sharedAdapterWarning(device, localRanks, adapters);
  if (!message || warned) return;
  warned = true;
  process.emitWarning(message, { code: 'FLINT_DDP_SHARED_ADAPTER' });
}
