import { describe, expect, it } from 'vitest';
import { CliUsageError } from '../errors.js';
import { stageCommandSpec } from '../commands/stage-command-spec.js';
import { RUN_SPEC } from '../commands/run-spec.js';
import { parseArgs } from './parse-args.js';

const fit = stageCommandSpec('fit');

const usageError = (argv: string[], spec = fit): string => {
  try {
    parseArgs(argv, spec);
  } catch (e) {
    expect(e).toBeInstanceOf(CliUsageError);
    return (e as Error).message;
  }
  throw new Error(`parseArgs(${argv.join(' ')}) did not throw`);
};

describe('parseArgs', () => {
  it('maps every spelling of a trainer option to its canonical name and type', () => {
    const a = parseArgs(['m.ts', '--trainer.maxEpochs', '3', '--max-steps=7', '--trainer.limit_val_batches', '0.5', '--accelerator', 'cpu'], fit);
    expect(a.positionals).toEqual(['m.ts']);
    expect(Object.fromEntries(a.flags)).toEqual({
      'trainer.maxEpochs': 3,
      'trainer.maxSteps': 7,
      'trainer.limitValBatches': 0.5,
      'trainer.accelerator': 'cpu',
    });
  });

  it('reads bool flags alone or with true/false, and fastDevRun as a count or a bool', () => {
    const a = parseArgs(['m.ts', '--trainer.enableProgressBar', 'false', '--deterministic', '--fast-dev-run', '--print-config'], fit);
    expect(a.flags.get('trainer.enableProgressBar')).toBe(false);
    expect(a.flags.get('trainer.deterministic')).toBe(true);
    expect(a.flags.get('trainer.fastDevRun')).toBe(true);
    expect(parseArgs(['m.ts', '--fast-dev-run', '3'], fit).flags.get('trainer.fastDevRun')).toBe(3);
  });

  it('collects --model.* and --data.* into nested option objects with JSON scalars', () => {
    const a = parseArgs(['m.ts', '--model.lr', '0.05', '--model.layers.hidden', '64', '--data.name=digits', '--data.shuffle', 'false', '--model.sizes', '[1,2]'], fit);
    expect(a.open).toEqual({ model: { lr: 0.05, layers: { hidden: 64 }, sizes: [1, 2] }, data: { name: 'digits', shuffle: false } });
  });

  it('tells --model NAME apart from --model.KEY', () => {
    const a = parseArgs(['m.ts', '--model', 'Net', '--model.lr', '1'], fit);
    expect(a.flags.get('model')).toBe('Net');
    expect(a.open['model']).toEqual({ lr: 1 });
  });

  it('rejects unknown flags with the nearest spelling', () => {
    expect(usageError(['m.ts', '--trainer.maxEpoch', '3'])).toContain("unknown option '--trainer.maxEpoch'; did you mean '--trainer.maxEpochs'?");
    expect(usageError(['m.ts', '--max-epoch', '3'])).toContain("did you mean '--max-epochs'?");
    expect(usageError(['m.ts', '--confg', 'x.yaml'])).toContain("did you mean '--config'?");
    expect(usageError(['m.ts', '-x'])).toContain("unknown option '-x'");
  });

  it('rejects values of the wrong type, naming the flag and the value', () => {
    expect(usageError(['m.ts', '--trainer.maxEpochs', 'three'])).toBe("--trainer.maxEpochs expects an integer, got 'three'");
    expect(usageError(['m.ts', '--max-epochs', '1.5'])).toBe("--max-epochs expects an integer, got '1.5'");
    expect(usageError(['m.ts', '--gradient-clip-algorithm', 'l2'])).toBe("--gradient-clip-algorithm expects one of norm, value, got 'l2'");
    expect(usageError(['m.ts', '--config'])).toBe('--config needs a value (FILE)');
    expect(usageError(['m.ts', '--config', '--max-epochs', '2'])).toBe('--config needs a value (FILE)');
  });

  it('requires the module file and rejects extra positionals', () => {
    expect(usageError([])).toBe('missing argument <module-file> (see flint fit --help)');
    expect(usageError(['a.ts', 'b.ts'])).toBe("unexpected argument 'b.ts'");
    expect(parseArgs(['--help'], fit).help).toBe(true);
  });

  it('passes everything after the script of flint run through untouched', () => {
    const a = parseArgs(['--nproc_per_node', '2', '--max-restarts=1', 'train.ts', '--lr', '0.1', '--help'], RUN_SPEC);
    expect(a.flags.get('nproc-per-node')).toBe(2);
    expect(a.flags.get('max-restarts')).toBe(1);
    expect(a.positionals).toEqual(['train.ts']);
    expect(a.passThrough).toEqual(['--lr', '0.1', '--help']);
    expect(a.help).toBe(false);
  });
});
