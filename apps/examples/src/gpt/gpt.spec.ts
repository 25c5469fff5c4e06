import { describe, expect, it } from 'vitest';
import { fromValues, manualSeed, Generator } from '@flint/core';
import { CharGpt, gptOptimizer } from './char-gpt.js';
import { loadNamesCorpus, windows } from './names-corpus.js';
import { GptModule } from './gpt-module.js';

describe('names corpus', () => {
  const corpus = loadNamesCorpus();
  it('holds the deduplicated lowercase names of both packages, split 9:1 without randomness', () => {
    expect(corpus.names).toBe(8422);
    expect(corpus.vocab).toBe('.-abcdefghijklmnopqrstuvwxyz');
    const decode = (s: Int32Array): string[] => Array.from(s, (i) => corpus.vocab[i]).join('').split('.').slice(0, -1);
    const [train, val] = [decode(corpus.train), decode(corpus.val)];
    expect(train.length + val.length).toBe(8422);
    expect(val[0]).toBe('aaren');
    expect(train.some((n) => val.includes(n))).toBe(false);
  });

  it('windows pair each input with the next tokens', () => {
    const w = windows(Int32Array.from([1, 2, 3, 4, 5, 6]), 2, 2);
    expect(w.count).toBe(2);
    expect([...w.x]).toEqual([1, 2, 3, 4]);
    expect([...w.y]).toEqual([2, 3, 4, 5]);
  });
});

describe('char GPT', () => {
  const config = { vocabSize: 28, blockSize: 8, nEmbd: 16, nHead: 2, nLayer: 2 };
  it('ties lm_head to wte and learns: 30 AdamW steps on one batch lower the loss', async () => {
    manualSeed(0);
    const model = new CharGpt(config);
    expect(model.stateDict()['lm_head.weight']).toBe(model.wte.weight);
    expect(model.parameters().filter((p) => p === model.wte.weight)).toHaveLength(1);
    const corpus = loadNamesCorpus();
    const w = windows(corpus.train, 8, 1);
    const x = fromValues(w.x.subarray(0, 16 * 8), [16, 8], { dtype: 'int32' });
    const y = fromValues(w.y.subarray(0, 16 * 8), [16, 8], { dtype: 'int32' });
    const { optimizer, scheduler } = gptOptimizer(model, { lr: 3e-3, warmup: 5, steps: 30 });
    const losses: number[] = [];
    for (let i = 0; i < 30; i++) {
      optimizer.zeroGrad();
      const loss = model.loss(x, y);
      losses.push(await loss.item());
      loss.backward();
      optimizer.step();
      scheduler.step();
    }
    expect(losses[0]).toBeGreaterThan(3);
    expect(losses[29]).toBeLessThan(losses[0] - 0.8);
  });

  it('samples names of the vocabulary, reproducibly for a generator seed', async () => {
    manualSeed(0);
    const m = new GptModule(config, { lr: 1e-3, warmup: 1, steps: 2 });
    const vocab = '.-abcdefghijklmnopqrstuvwxyz';
    const a = await m.sample(vocab, 4, new Generator(3));
    expect(await m.sample(vocab, 4, new Generator(3))).toEqual(a);
    for (const name of a) expect(name).toMatch(/^[-a-z]*$/);
  });
});
