/**
 * The config of `npm run example -- gpt`, shared with `npm run bench -- gpt`; the PyTorch side
 * (`bench/torch/gpt_names.py`) receives it as JSON, so both train the same model.
 */
export const GPT_CONFIG = { blockSize: 16, nEmbd: 64, nHead: 4, nLayer: 4 } as const;

export const GPT_RUN = {
  batchSize: 32,
  lr: 3e-3,
  warmup: 50,
  steps: 600,
  /** Validate every this many training batches (the whole validation split). */
  valEvery: 200,
} as const;
