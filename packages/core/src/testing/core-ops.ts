import * as core from '../index.js';

type Core = typeof core;

/** The names of the functions core's index exports (classes and constants left out). */
export type CoreOpName = { [K in keyof Core]: Core[K] extends (...args: never[]) => unknown ? K : never }[keyof Core];

/**
 * The ops the testing kit calls, with core's own signatures: an op named in a case that core does
 * not export, or called with the wrong arguments, fails to compile.
 */
export type CoreOps = Pick<Core, CoreOpName>;

/** An op name that core's index does not export (a manifest naming an op Flint lacks). */
export class MissingOpError extends Error {
  constructor(readonly op: string) {
    super(`${op} is not exported by @flint/core (not implemented yet)`);
    this.name = 'MissingOpError';
  }
}

const exported = core as unknown as Readonly<Record<string, unknown>>;

/** True when core's index exports `name` as a function. */
export const hasCoreOp = (name: string): boolean => typeof exported[name] === 'function';

/** Core's op `name`, or a `MissingOpError` when the index does not export it. */
export function coreOp<K extends CoreOpName>(name: K): CoreOps[K] {
  const fn = exported[name];
  if (typeof fn !== 'function') throw new MissingOpError(name);
  return fn as CoreOps[K];
}
