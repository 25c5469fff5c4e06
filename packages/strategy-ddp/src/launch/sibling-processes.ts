import { spawn as spawnProcess, type ChildProcess } from 'node:child_process';
import { LaunchError } from './launch.js';

/** How long a failed fit's ranks get to exit on their own (most failed with it) before SIGTERM. */
export const SIBLING_EXIT_GRACE_MS = 2000;
/** How long stopped ranks get to exit after SIGTERM before SIGKILL. */
export const SIBLING_KILL_GRACE_MS = 3000;

/**
 * Ranks 1..N-1 as processes running this script again (the `'ddp'` strategy's own launcher).
 * `stop` ends them for good (SIGTERM, SIGKILL after a grace: a busy loop or a SIGTERM handler
 * that never returns to the event loop cannot keep them alive); `settle` waits for them after
 * a successful fit, and stops any that outlive the collective timeout.
 */
export class SiblingProcesses {
  readonly #children: ChildProcess[] = [];

  /** Starts rank 1..n-1 with `env` (MASTER_ADDR and the like) and their RANK / LOCAL_RANK. */
  start(n: number, env: Readonly<Record<string, string>>): void {
    for (let r = 1; r < n; r++) {
      const child = spawnProcess(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
        env: { ...process.env, ...env, RANK: String(r), LOCAL_RANK: String(r) },
        stdio: 'inherit',
      });
      child.on('exit', (code, signal) => {
        if (code !== 0 || signal) console.error(new LaunchError(r, code, signal).message);
      });
      this.#children.push(child);
    }
  }

  /** Waits (at most `waitMs`) for every rank to exit, then stops the rest. */
  async settle(waitMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), waitMs)));
    const outcome = await Promise.race([this.exited(), late]);
    clearTimeout(timer);
    if (outcome === 'late') await this.stop(0);
  }

  /**
   * Ends every rank: those still running after `exitGraceMs` (ranks that failed with us exit by
   * themselves, and should print their own error) get SIGTERM, then SIGKILL after `killGraceMs`.
   * Resolves once all have exited.
   */
  async stop(exitGraceMs = SIBLING_EXIT_GRACE_MS, killGraceMs = SIBLING_KILL_GRACE_MS): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.exited(), new Promise((resolve) => (timer = setTimeout(resolve, exitGraceMs)))]);
    clearTimeout(timer);
    for (const c of this.live()) c.kill('SIGTERM');
    const kill = setTimeout(() => {
      for (const c of this.live()) c.kill('SIGKILL');
    }, killGraceMs);
    await this.exited();
    clearTimeout(kill);
  }

  private live(): ChildProcess[] {
    return this.#children.filter((c) => c.exitCode === null && c.signalCode === null);
  }

  private exited(): Promise<void> {
    return Promise.all(this.live().map((c) => new Promise((r) => c.once('exit', r)))).then(() => undefined);
  }
}
