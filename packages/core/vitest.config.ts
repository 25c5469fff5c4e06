import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { flintVitestConfig } from '../../vitest.shared.js';

const config = flintVitestConfig(dirname(fileURLToPath(import.meta.url)));
// Specs import core's files directly, not its entry point: bind Tensor's methods for them.
export default { ...config, test: { ...config.test, setupFiles: ['./src/ops/tensor-methods.ts'] } };
