/** Keys that reach an object's prototype when assigned: never accepted as option names. */
const UNSAFE_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** Whether `key` may name an option (`--model.<key>`, a config file's key). */
export const isSafeKey = (key: string): boolean => !UNSAFE_KEYS.has(key);

/**
 * The first key at any depth of `value` (objects and arrays) that may not name an option, as a
 * dotted path (`model.layers.__proto__`), or undefined when there is none.
 */
export function findUnsafeKey(value: unknown, path: string): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  for (const [k, v] of Object.entries(value)) {
    const at = Array.isArray(value) ? `${path}[${k}]` : `${path}.${k}`;
    if (!Array.isArray(value) && !isSafeKey(k)) return at;
    const deeper = findUnsafeKey(v, at);
    if (deeper) return deeper;
  }
  return undefined;
}
