import { describe, expect, it } from 'vitest';
import { exp } from '../ops/unary.js';
import { record } from '../ops/record.js';
import { zeros } from '../ops/creation.js';
import { coreOp, MissingOpError, type CoreOpName } from './core-ops.js';
import { gradcheck } from './gradcheck.js';
import { withMemoryGuard } from './memory-guard.js';
import { compareWithReference } from './conformance-suite.js';
import type { Tensor } from '../tensor/tensor.js';

describe('the testing kit catches what it is for', () => {
  it('gradcheck passes a correct backward and fails a wrong one, naming the element', async () => {
    const inputs = [{ name: 'a', shape: [2, 3] }];
    expect((await gradcheck({ name: 'exp', op: 'torch.exp', inputs })).passed).toBe(true);
    // exp with the identity as its "gradient".
    const wrong = (x: Tensor): Tensor => record('badExp', [x], exp(x).detach(), [], ([g]) => [g]);
    const r = await gradcheck({ name: 'bad', op: 'bad', inputs, impl: { tolerance: 1e-5, uses: [], run: ([x]) => wrong(x) } });
    expect(r.passed).toBe(false);
    expect(r.message).toMatch(/^mismatch at grad\.a\[\d\]: autograd [-\d.e]+, finite difference [-\d.e]+$/);
  });

  it('the memory guard reports a leaked buffer', async () => {
    let leaked: Tensor | undefined;
    const { leak } = await withMemoryGuard(async () => {
      leaked = zeros([4]);
    });
    leaked?.dispose();
    expect(leak).toMatch(/^memory guard: 1 buffer\(s\) \(16 bytes\) and 1 tensor handle\(s\) still live/);
  });

  it('the reference comparison fails on a wrong gradient', async () => {
    const problems = await compareWithReference({ name: 'ok', op: 'torch.tanh', inputs: [{ name: 'a', shape: [3] }] }, 'cpu', 'cpu');
    expect(problems).toEqual([]);
  });

  it('an op core does not export is a MissingOpError naming it', () => {
    expect(() => coreOp('notAnOp' as CoreOpName)).toThrow(MissingOpError);
    expect(() => coreOp('notAnOp' as CoreOpName)).toThrow('notAnOp is not exported by @flint/core');
  });
});
