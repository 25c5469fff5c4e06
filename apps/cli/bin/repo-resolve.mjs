// `--import` preload of every process `flint` starts: registers repo-resolve-hooks.mjs with the
// checkout's root package.json as the fallback parent for bare imports.
import { register } from 'node:module';

register('./repo-resolve-hooks.mjs', import.meta.url, {
  data: { repoParentUrl: new URL('../../../package.json', import.meta.url).href },
});
