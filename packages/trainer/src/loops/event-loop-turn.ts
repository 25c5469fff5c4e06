type Immediate = (fn: () => void) => unknown;

const schedule: (fn: () => void) => void = (() => {
  const setImmediateFn = (globalThis as { setImmediate?: Immediate }).setImmediate;
  if (typeof setImmediateFn === 'function') return (fn) => void setImmediateFn(fn);
  if (typeof MessageChannel === 'function') {
    const ch = new MessageChannel();
    const queue: (() => void)[] = [];
    ch.port1.onmessage = () => queue.shift()?.();
    return (fn) => {
      queue.push(fn);
      ch.port2.postMessage(null);
    };
  }
  return (fn) => void setTimeout(fn, 0);
})();

/**
 * Lets the event loop run once (Node's `setImmediate`, a MessageChannel in browsers). A
 * training loop on the CPU backend awaits only already-settled promises, which run as
 * microtasks and would starve the event loop: no signal handler (SIGTERM), timer, socket or
 * redraw would run until the fit ends. The epoch loop awaits this after every batch.
 */
export function eventLoopTurn(): Promise<void> {
  return new Promise((resolve) => schedule(resolve));
}
