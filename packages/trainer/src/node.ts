// Node-only parts of @flint/trainer.
export { nodeFileSystem } from './node/node-file-system.js';
