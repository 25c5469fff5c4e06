/** What a scope tracks: anything that can be disposed (tensors). */
export interface Tracked {
  dispose(): void;
  readonly isDisposed: boolean;
  /** Set by `keep`: the tensor outlives every scope. */
  kept: boolean;
}

const scopes: Tracked[][] = [];

/** Called by every tensor at creation: the innermost `tidy` owns it. */
export function track(t: Tracked): void {
  const top = scopes[scopes.length - 1];
  if (top) top.push(t);
}

/** Takes a tensor out of every enclosing `tidy`; the caller owns it from now on. */
export function keep<T extends Tracked>(t: T): T {
  t.kept = true;
  return t;
}

export type TidyResult = Tracked | readonly TidyResult[] | { readonly [k: string]: TidyResult } | void | number | string | boolean | null | undefined;

function collect(result: unknown, into: Set<Tracked>): void {
  if (result === null || typeof result !== 'object') return;
  if (isTracked(result)) {
    into.add(result);
  } else if (Array.isArray(result)) {
    for (const r of result) collect(r, into);
  } else if (Object.getPrototypeOf(result) === Object.prototype) {
    for (const r of Object.values(result)) collect(r, into);
  }
}

const isTracked = (x: object): x is Tracked => 'dispose' in x && 'kept' in x;

/**
 * Runs `fn` and disposes every tensor it created except those it returns (inside arrays and
 * plain objects too) and those passed to `keep`. Returned tensors move to the enclosing scope.
 */
export function tidy<T>(fn: () => T): T {
  const scope: Tracked[] = [];
  scopes.push(scope);
  let result: T;
  try {
    result = fn();
  } catch (e) {
    scopes.pop();
    disposeAll(scope, new Set());
    throw e;
  }
  scopes.pop();
  if (result instanceof Promise) throw new TypeError('tidy: fn must be synchronous; await outside tidy');
  const survivors = new Set<Tracked>();
  collect(result, survivors);
  disposeAll(scope, survivors);
  const parent = scopes[scopes.length - 1];
  if (parent) for (const t of survivors) if (!t.kept) parent.push(t);
  return result;
}

function disposeAll(scope: Tracked[], survivors: Set<Tracked>): void {
  for (const t of scope) if (!t.kept && !t.isDisposed && !survivors.has(t)) t.dispose();
}

/** Depth of nested `tidy` calls; 0 outside any. */
export const scopeDepth = (): number => scopes.length;
