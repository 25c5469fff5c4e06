/** `weightDecay` -> `weight_decay`, `initialLr` -> `initial_lr`: PyTorch's names in state dicts. */
export const toSnake = (key: string): string => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** `weight_decay` -> `weightDecay`, `T_max` -> `tMax`: PyTorch's argument names to Flint options. */
export function toCamel(key: string): string {
  const [head, ...rest] = key.split('_').filter((s) => s.length > 0);
  return (head ?? '').toLowerCase() + rest.map((s) => s[0].toUpperCase() + s.slice(1)).join('');
}

/** A parameter group's options under PyTorch's names (without `params`). */
export function groupToTorch(group: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(group)) if (k !== 'params') out[toSnake(k)] = Array.isArray(v) ? [...v] : v;
  return out;
}

/** The inverse of `groupToTorch` (`params` is dropped: the caller keeps its own tensors). */
export function groupFromTorch(group: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(group)) if (k !== 'params') out[toCamel(k)] = Array.isArray(v) ? [...v] : v;
  return out;
}

/** Options given with PyTorch's argument names (`{ weight_decay: 0.1 }`) as Flint options. */
export function optionsFromTorch(args: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(args)) out[toCamel(k)] = v;
  return out;
}
