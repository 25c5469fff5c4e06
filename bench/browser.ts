/**
 * `npm run bench -- browser`: the MNIST MLP page (apps/examples/browser) in headless Chromium on
 * WebGPU (SwiftShader) against the same training in Node on WebGPU (Dawn), median time per
 * training step (batch 64) over 30 steps; also the minified+gzipped size of the page bundle.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { buildPage } from '../apps/examples/browser/tools/build-page.js';
import { launchChromium, resultOf, runPage } from '../apps/examples/browser/tools/headless-chromium.js';
import { serveStatic } from '../apps/examples/browser/tools/static-server.js';

const STEPS = 30;

export async function browserBench(): Promise<void> {
  const out = await buildPage(mkdtempSync(join(tmpdir(), 'flint-bench-page-')));
  const js = readFileSync(join(out, 'main.js'));
  console.log(`page bundle main.js: ${(js.length / 1024).toFixed(1)} KiB minified, ${(gzipSync(js).length / 1024).toFixed(1)} KiB gzipped`);
  const server = await serveStatic(out);
  const browser = await launchChromium(true);
  let inPage;
  try {
    inPage = resultOf((await runPage(browser, `${server.url}?steps=${STEPS}&seed=0&autostart=1`, 300_000)).outcome);
  } finally {
    await browser.close();
    await server.close();
  }
  const root = fileURLToPath(new URL('..', import.meta.url));
  const child = spawnSync(process.execPath, ['--import', 'tsx', '--conditions=@flint/source', join(root, 'bench/browser-node-run.ts'), String(STEPS)], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, TSX_TSCONFIG_PATH: 'tsconfig.base.json' },
  });
  const line = child.stdout.split('\n').find((l) => l.startsWith('{'));
  if (child.status !== 0 || !line) throw new Error(`browser bench: the Node run failed: ${child.stderr}`);
  const inNode = JSON.parse(line) as { msPerStep: number; losses: number[] };
  const maxRel = Math.max(...inNode.losses.map((l, i) => Math.abs(inPage.losses[i] - l) / Math.abs(l)));
  console.log(`${STEPS} steps on ${inPage.device}: losses agree within ${maxRel.toExponential(1)} relative; val accuracy in the page ${(inPage.accuracy * 100).toFixed(1)} %`);
  const ratio = inPage.msPerStep / inNode.msPerStep;
  console.log(`browser: flint ${inPage.msPerStep.toFixed(1)} ms/step, node-dawn ${inNode.msPerStep.toFixed(1)} ms/step, ratio ${ratio.toFixed(2)}`);
}
