import type { Tensor } from '../tensor/tensor.js';
import { add } from '../ops/binary.js';
import { arange } from '../ops/creation.js';
import { gelu } from '../ops/activation.js';
import { crossEntropy } from '../ops/cross-entropy.js';
import { scaledDotProductAttention } from '../ops/attention.js';
import { chunk } from '../ops/join.js';
import { reshape, transpose } from '../ops/view.js';
import { Module } from '../nn/module.js';
import { ModuleDict, ModuleList } from '../nn/containers.js';
import { tieParameter } from '../nn/tied-parameters.js';
import { Linear } from '../nn/layers/linear.js';
import { Embedding } from '../nn/layers/embedding.js';
import { LayerNorm } from '../nn/layers/layer-norm.js';
import { LSTM } from '../nn/layers/lstm.js';
import { select } from '../nn/layers/rnn-select.js';

/** Reads an integer size from a model case's `config` (sizes are data: other fixture sets use other sizes). */
export function configInt(config: Readonly<Record<string, unknown>>, key: string): number {
  const v = config[key];
  if (typeof v !== 'number' || !Number.isInteger(v)) throw new TypeError(`model config '${key}' must be an integer, got ${JSON.stringify(v)}`);
  return v;
}

class CausalSelfAttention extends Module {
  readonly c_attn: Linear;
  readonly c_proj: Linear;
  constructor(readonly nEmbd: number, readonly nHead: number) {
    super();
    this.c_attn = new Linear(nEmbd, 3 * nEmbd);
    this.c_proj = new Linear(nEmbd, nEmbd);
  }
  forward(x: Tensor): Tensor {
    const [b, t, e] = x.shape;
    const heads = (z: Tensor): Tensor => transpose(reshape(z, [b, t, this.nHead, e / this.nHead]), 1, 2);
    const [q, k, v] = chunk(this.c_attn.call(x), 3, 2).map(heads);
    return this.c_proj.call(reshape(transpose(scaledDotProductAttention(q, k, v, { isCausal: true }), 1, 2), [b, t, e]));
  }
}

class Mlp extends Module {
  readonly c_fc: Linear;
  readonly c_proj: Linear;
  constructor(nEmbd: number) {
    super();
    this.c_fc = new Linear(nEmbd, 4 * nEmbd);
    this.c_proj = new Linear(4 * nEmbd, nEmbd);
  }
  forward(x: Tensor): Tensor {
    return this.c_proj.call(gelu(this.c_fc.call(x), { approximate: 'tanh' }));
  }
}

class Block extends Module {
  readonly ln_1: LayerNorm;
  readonly attn: CausalSelfAttention;
  readonly ln_2: LayerNorm;
  readonly mlp: Mlp;
  constructor(nEmbd: number, nHead: number) {
    super();
    this.ln_1 = new LayerNorm(nEmbd);
    this.attn = new CausalSelfAttention(nEmbd, nHead);
    this.ln_2 = new LayerNorm(nEmbd);
    this.mlp = new Mlp(nEmbd);
  }
  forward(x: Tensor): Tensor {
    const y = add(x, this.attn.call(this.ln_1.call(x)));
    return add(y, this.mlp.call(this.ln_2.call(y)));
  }
}

/**
 * The `gpt_tiny_adamw` case's nanoGPT decoder (its `note`): token and position embeddings,
 * `n_layer` pre-norm blocks, `ln_f`, and `lm_head` tied to `transformer.wte.weight`.
 */
export class GoldenGpt extends Module {
  readonly transformer: ModuleDict;
  readonly lm_head: Linear;
  readonly #wpe: Embedding;
  readonly #blocks: ModuleList<Block>;
  readonly #lnF: LayerNorm;
  readonly #wte: Embedding;

  constructor(config: Readonly<Record<string, unknown>>) {
    super();
    const [vocab, block, e, heads, layers] = ['vocab_size', 'block_size', 'n_embd', 'n_head', 'n_layer'].map((k) => configInt(config, k));
    this.#wte = new Embedding(vocab, e);
    this.#wpe = new Embedding(block, e);
    this.#blocks = new ModuleList(Array.from({ length: layers }, () => new Block(e, heads)));
    this.#lnF = new LayerNorm(e);
    this.transformer = new ModuleDict({ wte: this.#wte, wpe: this.#wpe, h: this.#blocks, ln_f: this.#lnF });
    this.lm_head = new Linear(e, vocab, { bias: false });
    tieParameter(this.lm_head, 'weight', this.#wte.weight);
  }

  forward(idx: Tensor): Tensor {
    const pos = arange(0, idx.shape[1], 1, { device: idx.device });
    let x = add(this.#wte.call(idx), this.#wpe.call(pos));
    for (const b of this.#blocks) x = b.call(x);
    return this.lm_head.call(this.#lnF.call(x));
  }
}

/** Mean cross entropy over every [B, T] position of [B, T, V] logits. */
export const sequenceCrossEntropy = (logits: Tensor, y: Tensor): Tensor =>
  crossEntropy(reshape(logits, [-1, logits.shape[logits.ndim - 1]]), reshape(y, [-1]));

/** The `lstm_classifier_sgd` case: Embedding(padding_idx) -> 1-layer LSTM -> Linear on h_n. */
export class GoldenLstmClassifier extends Module {
  readonly emb: Embedding;
  readonly lstm: LSTM;
  readonly head: Linear;

  constructor(config: Readonly<Record<string, unknown>>) {
    super();
    const hidden = configInt(config, 'hidden_size');
    this.emb = new Embedding(configInt(config, 'vocab_size'), configInt(config, 'embedding_dim'), { paddingIdx: configInt(config, 'padding_idx') });
    this.lstm = new LSTM(configInt(config, 'embedding_dim'), hidden, { batchFirst: true });
    this.head = new Linear(hidden, configInt(config, 'num_classes'));
  }

  forward(x: Tensor): Tensor {
    const [, [h]] = this.lstm.call(this.emb.call(x));
    return this.head.call(select(h, 0, h.shape[0] - 1));
  }
}
