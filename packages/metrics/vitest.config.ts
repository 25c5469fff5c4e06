import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { flintVitestConfig } from '../../vitest.shared.js';

export default flintVitestConfig(dirname(fileURLToPath(import.meta.url)));
