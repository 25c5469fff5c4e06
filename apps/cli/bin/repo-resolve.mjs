// `--import` preload of every process `flint` starts: registers repo-resolve-hooks.mjs with the
// checkout's root package.json as the fallback parent for bare imports. In-thread hooks
// (module.registerHooks, Node 22.15+) where they exist, since tsx uses them there and the
// off-thread ones would not see its resolutions; off-thread (module.register) on Node 20.
import * as nodeModule from 'node:module';
import { initialize, resolveSync } from './repo-resolve-hooks.mjs';

const repoParentUrl = new URL('../../../package.json', import.meta.url).href;

if (typeof nodeModule.registerHooks === 'function') {
  initialize({ repoParentUrl });
  nodeModule.registerHooks({ resolve: resolveSync });
} else {
  nodeModule.register('./repo-resolve-hooks.mjs', import.meta.url, { data: { repoParentUrl } });
}
