/** The slice of Node's `process` the watch uses (absent in browsers). */
interface SignalProcess {
  readonly pid: number;
  on(signal: 'SIGTERM', listener: () => void): unknown;
  off(signal: 'SIGTERM', listener: () => void): unknown;
  kill(pid: number, signal: 'SIGTERM'): unknown;
  listenerCount(signal: 'SIGTERM'): number;
}

const nodeProcess = (): SignalProcess | undefined => {
  const p = (globalThis as { process?: Partial<SignalProcess> }).process;
  return typeof p?.on === 'function' && typeof p.off === 'function' && typeof p.kill === 'function' ? (p as SignalProcess) : undefined;
};

/**
 * SIGTERM during `fit` (what schedulers such as Slurm or Kubernetes send before they kill a
 * job): the watch asks the loop to stop after the current batch; the trainer then writes a
 * final checkpoint and, once the run is torn down, `reraise()` ends the process the way the
 * signal would have. Where there is no `process` (browsers) it does nothing.
 */
export class TerminationWatch {
  received = false;
  private readonly proc = nodeProcess();
  private readonly listener = (): void => {
    this.received = true;
    this.onSignal();
  };

  constructor(private readonly onSignal: () => void) {
    this.proc?.on('SIGTERM', this.listener);
  }

  /** Stops watching. */
  dispose(): void {
    this.proc?.off('SIGTERM', this.listener);
  }

  /** After a received SIGTERM: sends it again with no handler left, unless someone else listens. */
  reraise(): void {
    if (!this.received || !this.proc) return;
    this.dispose();
    if (this.proc.listenerCount('SIGTERM') === 0) this.proc.kill(this.proc.pid, 'SIGTERM');
  }
}
