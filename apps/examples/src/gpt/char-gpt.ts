import {
  AdamW, add, arange, constant_, chunk, CosineAnnealingLR, crossEntropy, Embedding, gelu, LayerNorm, Linear, LinearLR, Module, ModuleList,
  normal_, reshape, scaledDotProductAttention, SequentialLR, tieParameter, transpose, type Tensor,
} from '@flint/core';

/** nanoGPT's sizes. */
export interface GptConfig {
  readonly vocabSize: number;
  readonly blockSize: number;
  readonly nEmbd: number;
  readonly nHead: number;
  readonly nLayer: number;
}

class CausalSelfAttention extends Module {
  readonly c_attn: Linear;
  readonly c_proj: Linear;
  constructor(readonly c: GptConfig) {
    super();
    this.c_attn = new Linear(c.nEmbd, 3 * c.nEmbd);
    this.c_proj = new Linear(c.nEmbd, c.nEmbd);
  }
  forward(x: Tensor): Tensor {
    const [b, t, e] = x.shape;
    const heads = (z: Tensor): Tensor => transpose(reshape(z, [b, t, this.c.nHead, e / this.c.nHead]), 1, 2);
    const [q, k, v] = chunk(this.c_attn.call(x), 3, 2).map(heads);
    return this.c_proj.call(reshape(transpose(scaledDotProductAttention(q, k, v, { isCausal: true }), 1, 2), [b, t, e]));
  }
}

class Block extends Module {
  readonly ln_1: LayerNorm;
  readonly attn: CausalSelfAttention;
  readonly ln_2: LayerNorm;
  readonly c_fc: Linear;
  readonly c_proj: Linear;
  constructor(c: GptConfig) {
    super();
    this.ln_1 = new LayerNorm(c.nEmbd);
    this.attn = new CausalSelfAttention(c);
    this.ln_2 = new LayerNorm(c.nEmbd);
    this.c_fc = new Linear(c.nEmbd, 4 * c.nEmbd);
    this.c_proj = new Linear(4 * c.nEmbd, c.nEmbd);
  }
  forward(x: Tensor): Tensor {
    const y = add(x, this.attn.call(this.ln_1.call(x)));
    return add(y, this.c_proj.call(gelu(this.c_fc.call(this.ln_2.call(y)), { approximate: 'tanh' })));
  }
}

/**
 * nanoGPT: token + position embeddings, pre-norm blocks (causal self-attention, GELU-tanh MLP),
 * a final LayerNorm and an lm_head tied to the token embedding. nanoGPT's init: N(0, 0.02)
 * weights, residual projections scaled by 1/sqrt(2 n_layer), zero biases.
 */
export class CharGpt extends Module {
  readonly wte: Embedding;
  readonly wpe: Embedding;
  readonly h: ModuleList<Block>;
  readonly ln_f: LayerNorm;
  readonly lm_head: Linear;

  constructor(readonly config: GptConfig) {
    super();
    this.wte = new Embedding(config.vocabSize, config.nEmbd);
    this.wpe = new Embedding(config.blockSize, config.nEmbd);
    this.h = new ModuleList(Array.from({ length: config.nLayer }, () => new Block(config)));
    this.ln_f = new LayerNorm(config.nEmbd);
    this.lm_head = new Linear(config.nEmbd, config.vocabSize, { bias: false });
    tieParameter(this.lm_head, 'weight', this.wte.weight);
    for (const [name, p] of this.namedParameters()) {
      if (name.endsWith('bias')) constant_(p, 0);
      else if (p.ndim === 2) normal_(p, 0, name.endsWith('c_proj.weight') ? 0.02 / Math.sqrt(2 * config.nLayer) : 0.02);
    }
  }

  /** Logits [B, T, vocab] of token ids [B, T]. */
  forward(idx: Tensor): Tensor {
    let x = add(this.wte.call(idx), this.wpe.call(arange(0, idx.shape[1], 1, { device: idx.device })));
    for (const block of this.h) x = block.call(x);
    return this.lm_head.call(this.ln_f.call(x));
  }

  /** Mean next-token cross entropy over every position. */
  loss(idx: Tensor, targets: Tensor): Tensor {
    const logits = this.forward(idx);
    return crossEntropy(reshape(logits, [-1, this.config.vocabSize]), reshape(targets, [-1]));
  }
}

/** nanoGPT's optimizer: AdamW, weight decay on matrices only, linear warmup then cosine decay per step. */
export function gptOptimizer(model: CharGpt, { lr, warmup, steps }: { lr: number; warmup: number; steps: number }): { optimizer: AdamW; scheduler: SequentialLR } {
  const params = model.parameters();
  const optimizer = new AdamW(
    [
      { params: params.filter((p) => p.ndim >= 2), weightDecay: 0.1 },
      { params: params.filter((p) => p.ndim < 2), weightDecay: 0 },
    ],
    { lr, betas: [0.9, 0.95] },
  );
  const scheduler = new SequentialLR(optimizer, {
    schedulers: [new LinearLR(optimizer, { startFactor: 0.1, totalIters: warmup }), new CosineAnnealingLR(optimizer, { tMax: steps - warmup, etaMin: lr / 10 })],
    milestones: [warmup],
  });
  return { optimizer, scheduler };
}
