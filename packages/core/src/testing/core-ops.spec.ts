import { describe, expect, it } from 'vitest';
import * as core from '../index.js';
import type { CoreOpName, CoreOps } from './core-ops.js';
import { coreOp } from './core-ops.js';

// Compile-time check: every op core already exports accepts the calls the kit makes through
// `CoreOps`. Ops that land later join this check automatically.
const typed: Pick<CoreOps, Extract<CoreOpName, keyof typeof core>> = core;

describe('coreOp', () => {
  it('resolves an exported op to the function core exports', () => {
    expect(coreOp('add')).toBe(typed.add);
  });
});
