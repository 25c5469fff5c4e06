/**
 * `npm run example:browser`: builds the page and serves it on http://127.0.0.1:5173/
 * (PORT overrides). Open it in a browser with WebGPU and press Train.
 */
import { buildPage } from './build-page.js';
import { serveStatic } from './static-server.js';

const out = await buildPage();
const { url } = await serveStatic(out, Number(process.env.PORT ?? 5173));
console.log(`Flint browser example: ${url}  (built into ${out}; Ctrl-C stops)`);
