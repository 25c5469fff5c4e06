import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigFileError } from '../errors.js';
import { readConfigFile } from './read-config-file.js';

const dir = mkdtempSync(join(tmpdir(), 'flint-cli-config-'));
const file = (name: string, text: string): string => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

describe('readConfigFile', () => {
  it('reads YAML with Lightning snake case and typed trainer options', async () => {
    const p = file('a.yaml', 'seed_everything: 3\ntrainer:\n  max_epochs: 2\n  fast_dev_run: true\nmodel:\n  lr: 0.5\nckpt_path: last\n');
    expect(await readConfigFile(p)).toEqual({ trainer: { maxEpochs: 2, fastDevRun: true, seed: 3 }, checkpoint: {}, earlyStopping: {}, model: { lr: 0.5 }, data: {}, ckptPath: 'last' });
  });

  it('reads JSON', async () => {
    const p = file('a.json', JSON.stringify({ trainer: { maxSteps: 5 }, data: { batchSize: 4 } }));
    expect(await readConfigFile(p)).toEqual({ trainer: { maxSteps: 5 }, checkpoint: {}, earlyStopping: {}, model: {}, data: { batchSize: 4 }, ckptPath: undefined });
  });

  it('reads checkpoint: and early_stopping: with typed options, and suggests misspelled ones', async () => {
    const p = file('cb.yaml', 'checkpoint:\n  monitor: val_loss\n  save_top_k: 2\n  save_last: true\nearly_stopping:\n  monitor: val_loss\n  min_delta: 0.01\n');
    const c = await readConfigFile(p);
    expect(c.checkpoint).toEqual({ monitor: 'val_loss', saveTopK: 2, saveLast: true });
    expect(c.earlyStopping).toEqual({ monitor: 'val_loss', minDelta: 0.01 });
    await expect(readConfigFile(file('cb2.yaml', 'checkpoint:\n  save_topk: 2\n'), 'cb2.yaml')).rejects.toThrow("config cb2.yaml: unknown checkpoint option 'save_topk'; did you mean 'saveTopK'?");
    await expect(readConfigFile(file('cb3.yaml', 'earlyStopping:\n  patience: soon\n'), 'cb3.yaml')).rejects.toThrow("config cb3.yaml: earlyStopping.patience: expects an integer, got 'soon'");
  });

  it('names the file and suggests the option for unknown trainer options and sections', async () => {
    await expect(readConfigFile(file('b.yaml', 'trainer:\n  max_epoch: 2\n'), 'b.yaml')).rejects.toThrow(
      new ConfigFileError('b.yaml', "unknown trainer option 'max_epoch'; did you mean 'maxEpochs'?"),
    );
    await expect(readConfigFile(file('c.yaml', 'trainr:\n  max_epochs: 2\n'), 'c.yaml')).rejects.toThrow("config c.yaml: unknown section 'trainr'; did you mean 'trainer'?");
  });

  it('checks trainer option types as the flags do', async () => {
    await expect(readConfigFile(file('d.yaml', 'trainer:\n  max_epochs: lots\n'), 'd.yaml')).rejects.toThrow("config d.yaml: trainer.maxEpochs: expects an integer, got 'lots'");
  });

  it('reports a missing file, a bad extension and bad YAML with the file name', async () => {
    await expect(readConfigFile(join(dir, 'none.yaml'), 'none.yaml')).rejects.toThrow('config none.yaml: file not found');
    await expect(readConfigFile(file('e.toml', 'x = 1'), 'e.toml')).rejects.toThrow("config e.toml: unsupported extension '.toml'");
    await expect(readConfigFile(file('f.yaml', 'trainer:\n  a: &x 1\n'), 'f.yaml')).rejects.toThrow('config f.yaml: line 2:');
  });
});
