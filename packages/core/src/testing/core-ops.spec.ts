import { describe, expect, it } from 'vitest';
import * as core from '../index.js';
import { coreOp } from './core-ops.js';

describe('coreOp', () => {
  it('resolves an exported op to the function core exports', () => {
    expect(coreOp('add')).toBe(core.add);
    expect(coreOp('conv2d')).toBe(core.conv2d);
  });
});
