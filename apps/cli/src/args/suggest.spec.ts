import { describe, expect, it } from 'vitest';
import { closestMatch, didYouMean, editDistance } from './suggest.js';

describe('editDistance', () => {
  it('counts insertions, deletions, substitutions and adjacent swaps as one edit each', () => {
    expect(editDistance('fit', 'fit')).toBe(0);
    expect(editDistance('fitt', 'fit')).toBe(1);
    expect(editDistance('ft', 'fit')).toBe(1);
    expect(editDistance('fat', 'fit')).toBe(1);
    expect(editDistance('fti', 'fit')).toBe(1);
    expect(editDistance('', 'test')).toBe(4);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });
});

describe('closestMatch', () => {
  const commands = ['fit', 'validate', 'test', 'predict', 'info', 'run'];

  it('suggests the nearest command for a typo', () => {
    expect(closestMatch('fti', commands)).toBe('fit');
    expect(closestMatch('valdate', commands)).toBe('validate');
    expect(closestMatch('PREDICT', commands)).toBe('predict');
  });

  it('suggests nothing for a word that is not close to any', () => {
    expect(closestMatch('deploy', commands)).toBeUndefined();
  });

  it('finds a trainer flag with a missing letter', () => {
    expect(closestMatch('trainer.maxEpoch', ['trainer.maxEpochs', 'trainer.maxSteps', 'max-epochs'])).toBe('trainer.maxEpochs');
  });

  it('formats the hint', () => {
    expect(didYouMean('maxepochs', ['max-epochs'], '--')).toBe("; did you mean '--max-epochs'?");
    expect(didYouMean('zzzzzz', ['max-epochs'])).toBe('');
  });
});
