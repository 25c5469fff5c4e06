// Node-only parts of @flint/trainer.
export { nodeFileSystem } from './node/node-file-system.js';
export { CLI_PROGRESS_FORMAT, cliProgressBar } from './callbacks/cli-progress-bar.js';
