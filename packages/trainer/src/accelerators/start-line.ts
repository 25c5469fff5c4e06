import type { AcceleratorChoice } from './select-accelerator.js';

/** What a run will use, as the Trainer's start line says it. */
export interface RunLayout {
  readonly accelerator: AcceleratorChoice;
  /** Devices asked for (`devices`). */
  readonly devices: number;
  /** The strategy's name and how many ranks it runs. */
  readonly strategy: string;
  readonly worldSize: number;
  /** CPU backend threads per rank, and the logical CPUs of this machine. */
  readonly threads: number;
  readonly cores: number;
}

/**
 * The one line a Trainer prints when it starts (Lightning prints "GPU available: ..., used:
 * ..."): accelerator and why, devices, strategy and ranks, threads and cores.
 * `Trainer: accelerator cpu (auto: skipped WebGPU adapter 'llvmpipe ...' (...)), devices 4, strategy ddp (4 ranks), 1 CPU thread per rank, 2 cores`
 */
export function startLine(r: RunLayout): string {
  const ranks = r.worldSize === 1 ? '1 rank' : `${r.worldSize} ranks`;
  const threads = r.threads === 1 ? '1 CPU thread' : `${r.threads} CPU threads`;
  return `Trainer: accelerator ${r.accelerator.name} (${r.accelerator.reason}), devices ${r.devices}, strategy ${r.strategy} (${ranks}), ${threads} per rank, ${r.cores} cores`;
}

/**
 * The oversubscription warning: more CPU ranks on this machine than it has cores. Training is
 * still correct, only slower (ranks take turns); the Trainer warns once and goes on.
 */
export function oversubscription(r: RunLayout): string | null {
  if (r.accelerator.name !== 'cpu' || r.devices <= r.cores) return null;
  return `Trainer: devices ${r.devices} on ${r.cores} CPU cores: the ranks share cores (oversubscribed), so each step is slower than with devices <= ${r.cores}; results are unchanged`;
}
