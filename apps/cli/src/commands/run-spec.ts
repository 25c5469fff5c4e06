import type { CommandSpec } from '../args/flag-spec.js';

/** `flint run`'s flags and help (torchrun's, in kebab or snake case). */
export const RUN_SPEC: CommandSpec = {
  name: 'run',
  summary: 'launch N ranks of a script with torchrun\'s environment (RANK, WORLD_SIZE, ...)',
  positionals: [{ name: 'script', description: 'the .ts/.js file every rank runs; arguments after it go to the script', required: true }],
  passThroughAfterPositionals: true,
  flags: [
    { name: 'nproc-per-node', aliases: ['nproc_per_node'], kind: 'int', placeholder: 'N', description: 'ranks on this node (default 1)' },
    { name: 'nnodes', kind: 'int', placeholder: 'M', description: 'nodes in the job (default 1)' },
    { name: 'node-rank', aliases: ['node_rank'], kind: 'int', placeholder: 'K', description: 'this node\'s index, 0..M-1 (default 0)' },
    { name: 'master-addr', aliases: ['master_addr'], kind: 'string', placeholder: 'ADDR', description: 'host of rank 0\'s rendezvous store (default 127.0.0.1)' },
    { name: 'master-port', aliases: ['master_port'], kind: 'int', placeholder: 'PORT', description: 'its port (default: a free port; give one when nnodes > 1)' },
    { name: 'max-restarts', aliases: ['max_restarts'], kind: 'int', placeholder: 'R', description: 'restart all ranks up to R times after a failure (default 0)' },
  ],
  epilog: `Each rank gets RANK, LOCAL_RANK, WORLD_SIZE, LOCAL_WORLD_SIZE, GROUP_RANK, MASTER_ADDR,
MASTER_PORT (as torchrun sets them) and TORCHELASTIC_RESTART_COUNT / FLINT_RESTART_COUNT.
Signals (SIGINT, SIGTERM, SIGHUP) are forwarded to the ranks. When a rank fails, the others
are stopped and flint run exits with that rank's exit code (1 for a signal), naming it.

Example:
  flint run --nproc-per-node 4 train.ts --lr 0.1
  flint run --nnodes 2 --node-rank 0 --master-addr 10.0.0.1 --master-port 29500 --nproc-per-node 2 train.ts`,
};
