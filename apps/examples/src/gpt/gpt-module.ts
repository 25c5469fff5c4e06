import { DataLoader, Generator, multinomial, noGrad, slice, softmax, TensorDataset, fromValues, cat, reshape, type Tensor } from '@flint/core';
import { LightningDataModule, LightningModule, type BatchSource, type OptimizerConfig } from '@flint/trainer';
import { CharGpt, gptOptimizer, type GptConfig } from './char-gpt.js';
import { loadNamesCorpus, windows, type NamesCorpus } from './names-corpus.js';

export type TokenBatch = [Tensor, Tensor];

export interface GptRunOptions {
  readonly lr: number;
  readonly warmup: number;
  readonly steps: number;
}

/** The char-level GPT as a LightningModule: next-token cross entropy, AdamW with warmup + cosine stepped per step. */
export class GptModule extends LightningModule<TokenBatch> {
  readonly model: CharGpt;

  constructor(readonly config: GptConfig, readonly run: GptRunOptions) {
    super();
    this.model = new CharGpt(config);
    this.saveHyperparameters({ ...config, ...run });
  }

  forward(idx: Tensor): Tensor {
    return this.model.call(idx);
  }

  override trainingStep([x, y]: TokenBatch): Tensor {
    const loss = this.model.loss(x, y);
    this.log('train_loss', loss, { progBar: true });
    return loss;
  }

  override validationStep([x, y]: TokenBatch): Tensor {
    const loss = this.model.loss(x, y);
    this.log('val_loss', loss, { progBar: true, batchSize: x.shape[0] });
    return loss;
  }

  override configureOptimizers(): OptimizerConfig {
    const { optimizer, scheduler } = gptOptimizer(this.model, this.run);
    return { optimizer, lrScheduler: { scheduler, interval: 'step' } };
  }

  /** `count` names sampled token by token from '.', each ending at the next '.' (or the block size). */
  async sample(vocab: string, count: number, generator: Generator): Promise<string[]> {
    const block = this.config.blockSize;
    let idx = fromValues(new Int32Array(count), [count, 1], { dtype: 'int32' });
    for (let t = 0; t < block; t++) {
      const next = noGrad(() => {
        const logits = this.model.call(idx);
        const last = reshape(slice(logits, 1, logits.shape[1] - 1), [count, this.config.vocabSize]);
        return reshape(multinomial(softmax(last, -1), 1, { generator }), [count, 1]);
      });
      const grown = cat([idx, next], 1);
      idx.dispose();
      next.dispose();
      idx = grown;
    }
    const tokens = (await idx.toArray()) as number[][];
    idx.dispose();
    return tokens.map((row) => {
      const text = row.slice(1).map((i) => vocab[i]).join('');
      return text.split('.')[0];
    });
  }
}

/** The names corpus as windows of `blockSize` tokens: training windows start every token, validation ones every `blockSize`. */
export class NamesData extends LightningDataModule<TokenBatch> {
  private corpus: NamesCorpus | undefined;

  constructor(readonly blockSize: number, readonly batchSize: number, readonly seed = 1) {
    super();
  }

  override async setup(): Promise<void> {
    this.corpus ??= loadNamesCorpus();
  }

  get data(): NamesCorpus {
    if (!this.corpus) throw new Error('NamesData: call setup() first (the Trainer does)');
    return this.corpus;
  }

  private loader(stream: Int32Array, stride: number, shuffle: boolean): BatchSource<TokenBatch> {
    const w = windows(stream, this.blockSize, stride);
    const x = fromValues(w.x, [w.count, this.blockSize], { dtype: 'int32' });
    const y = fromValues(w.y, [w.count, this.blockSize], { dtype: 'int32' });
    const opts = shuffle ? { batchSize: this.batchSize, shuffle: true, generator: new Generator(this.seed), dropLast: true } : { batchSize: 256 };
    return new DataLoader(new TensorDataset(x, y), opts) as unknown as BatchSource<TokenBatch>;
  }

  override trainDataloader(): BatchSource<TokenBatch> {
    return this.loader(this.data.train, 1, true);
  }

  override valDataloader(): BatchSource<TokenBatch> {
    return this.loader(this.data.val, this.blockSize, false);
  }
}
