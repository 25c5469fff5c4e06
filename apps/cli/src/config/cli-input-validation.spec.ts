import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseArgs } from '../args/parse-args.js';
import { stageCommandSpec } from '../commands/stage-command-spec.js';
import { CliUsageError, ConfigFileError } from '../errors.js';
import { readConfigFile } from './read-config-file.js';

const fit = stageCommandSpec('fit');
const dir = mkdtempSync(join(tmpdir(), 'flint-cli-input-'));
const file = (name: string, text: string): string => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};
const polluted = (): unknown => (Object.prototype as Record<string, unknown>).x;

describe('command-line and config-file input cannot reach Object.prototype', () => {
  afterEach(() => {
    delete (Object.prototype as Record<string, unknown>).x;
  });

  for (const argv of [['--model.__proto__.x', '1'], ['--model.constructor.prototype.x', '1'], ['--data.__proto__=1'], ['--model.a', '{"__proto__":{"x":1}}']]) {
    it(`${argv.join(' ')} is a usage error naming the key; Object.prototype is untouched`, () => {
      expect(() => parseArgs(['m.ts', ...argv], fit)).toThrow(CliUsageError);
      expect(() => parseArgs(['m.ts', ...argv], fit)).toThrow(/(__proto__|constructor)' cannot be an option name/);
      expect(polluted()).toBeUndefined();
    });
  }

  it('a YAML or JSON config with a __proto__ key is a ConfigFileError naming it', async () => {
    await expect(readConfigFile(file('p.yaml', 'model:\n  __proto__:\n    x: 1\n'), 'p.yaml')).rejects.toThrow(ConfigFileError);
    await expect(readConfigFile(file('p.yaml', 'model:\n  __proto__:\n    x: 1\n'), 'p.yaml')).rejects.toThrow("'__proto__' cannot be a key");
    await expect(readConfigFile(file('p.json', '{"data":{"a":{"__proto__":{"x":1}}}}'), 'p.json')).rejects.toThrow("config p.json: 'data.a.__proto__': '__proto__' cannot be an option name");
    expect(polluted()).toBeUndefined();
  });
});

describe('flags and config files share one validation of values', () => {
  it('--max-epochs 99999999999999999999999 is refused as YAML refuses it', async () => {
    expect(() => parseArgs(['m.ts', '--max-epochs', '99999999999999999999999'], fit)).toThrow(
      "--max-epochs expects an integer of at most 2^53 - 1 in magnitude, got '99999999999999999999999'",
    );
    await expect(readConfigFile(file('big.yaml', 'trainer:\n  max_epochs: 99999999999999999999999\n'), 'big.yaml')).rejects.toThrow(/config big\.yaml: trainer\.maxEpochs: expects an integer/);
    await expect(readConfigFile(file('big.json', '{"trainer":{"maxEpochs":99999999999999999999999}}'), 'big.json')).rejects.toThrow(/trainer\.maxEpochs: expects an integer/);
  });

  it('a number flag refuses 1e999 (Infinity) on the command line and in a file', async () => {
    expect(() => parseArgs(['m.ts', '--trainer.gradientClipVal', '1e999'], fit)).toThrow("--trainer.gradientClipVal expects a finite number, got '1e999'");
    await expect(readConfigFile(file('inf.yaml', 'trainer:\n  gradient_clip_val: 1e999\n'), 'inf.yaml')).rejects.toThrow(/trainer\.gradientClipVal: expects a/);
  });
});
