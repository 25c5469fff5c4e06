type WaitAsyncResult = { async: false; value: 'not-equal' | 'timed-out' } | { async: true; value: Promise<'ok' | 'timed-out'> };
// `Atomics.waitAsync` (Node 16+) is not in the ES2022 lib this project compiles against.
const atomics = Atomics as typeof Atomics & { waitAsync(array: Int32Array, index: number, value: number, timeoutMs: number): WaitAsyncResult };

/**
 * Waits without blocking the thread until `ctl[index]` is notified, or at once if it no longer
 * holds `value`, for at most `timeoutMs`. A pending `Atomics.waitAsync` does not keep a thread's
 * event loop alive; a timer does, meanwhile.
 */
export async function waitAsync(ctl: Int32Array, index: number, value: number, timeoutMs: number): Promise<void> {
  const r = atomics.waitAsync(ctl, index, value, timeoutMs);
  if (!r.async) return;
  const hold = setTimeout(() => undefined, timeoutMs + 1000);
  await r.value;
  clearTimeout(hold);
}
