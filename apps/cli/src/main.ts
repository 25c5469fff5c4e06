// The process entry of `flint` (bin/flint.mjs starts Node on it with the tsx loader).
import { runCli } from './run-cli.js';

const argv = process.argv.slice(2);
const code = await runCli(argv);
// A script `flint exec` ran keeps the exit code it set itself.
if (!(argv[0] === 'exec' && code === 0)) process.exitCode = code;
// Other commands exit now, so a WebGPU device or a loader worker cannot keep a finished command
// alive; `flint run` waits for its ranks' handles (the launcher kills stragglers on a timer), and
// `flint exec` lets the script's own handles (servers, timers) decide, as `node script.ts` does.
if (argv[0] !== 'run' && !(argv[0] === 'exec' && code === 0)) process.exit(code);
