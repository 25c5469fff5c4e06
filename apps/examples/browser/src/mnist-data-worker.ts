// The Web Worker script of the page's DataLoader workers (bundled as data-worker.js).
import { serveDataWorker } from '@flint/core';
import * as mnist from './mnist-dataset-module.js';

serveDataWorker(mnist);
