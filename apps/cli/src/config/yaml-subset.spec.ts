import { describe, expect, it } from 'vitest';
import { parseYamlSubset, YamlSubsetError } from './yaml-subset.js';

describe('parseYamlSubset', () => {
  it('reads a Lightning-style config: nested maps, scalars, lists and comments', () => {
    const doc = parseYamlSubset(
      [
        '# a run',
        'seed_everything: 42',
        'trainer:',
        '  max_epochs: 3      # epochs',
        '  accelerator: cpu',
        '  enable_progress_bar: false',
        '  gradient_clip_val: 0.5',
        'model:',
        '  lr: 1e-3',
        '  name: "net # 1"',
        "  tag: 'it''s'",
        '  sizes: [64, 32]',
        '  layers:',
        '    - conv',
        '    - fc',
        'data:',
        '  path: ~',
      ].join('\n'),
    );
    expect(doc).toEqual({
      seed_everything: 42,
      trainer: { max_epochs: 3, accelerator: 'cpu', enable_progress_bar: false, gradient_clip_val: 0.5 },
      model: { lr: 0.001, name: 'net # 1', tag: "it's", sizes: [64, 32], layers: ['conv', 'fc'] },
      data: { path: null },
    });
  });

  it('reads an empty document as an empty mapping', () => {
    expect(parseYamlSubset('# nothing\n\n')).toEqual({});
  });

  it('rejects what it does not support, naming the line', () => {
    expect(() => parseYamlSubset('a: 1\nb: &anchor 2')).toThrow(new YamlSubsetError(2, "'&anchor 2' uses YAML the config reader does not support (anchors, tags, block or flow-mapping scalars)"));
    expect(() => parseYamlSubset('a: 1\na: 2')).toThrow("line 2: duplicate key 'a'");
    expect(() => parseYamlSubset('a:\n\tb: 1')).toThrow('line 2: tabs are not allowed');
    expect(() => parseYamlSubset('just text')).toThrow("line 1: expected 'key: value', got 'just text'");
    expect(() => parseYamlSubset('a: 1\n    b: 2')).toThrow('line 2: unexpected');
  });
});
