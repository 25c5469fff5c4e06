let enabled = true;

/** Whether ops record the graph for backward right now. */
export const isGradEnabled = (): boolean => enabled;

/** Runs `fn` without recording the graph, like `with torch.no_grad()`. */
export function noGrad<T>(fn: () => T): T {
  const prev = enabled;
  enabled = false;
  try {
    return fn();
  } finally {
    enabled = prev;
  }
}

/** Runs `fn` with graph recording on, inside a `noGrad` region too. */
export function enableGrad<T>(fn: () => T): T {
  const prev = enabled;
  enabled = true;
  try {
    return fn();
  } finally {
    enabled = prev;
  }
}
