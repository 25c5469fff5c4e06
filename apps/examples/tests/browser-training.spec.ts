import { bytesToStateDict, eq, mean, noGrad, argmax } from '@flint/core';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MnistMlp } from '../browser/src/mnist-mlp.js';
import { trainMnist } from '../browser/src/mnist-training.js';
import { syntheticMnist } from '../browser/src/synthetic-mnist.js';
import { buildPage } from '../browser/tools/build-page.js';
import { serveStatic, type StaticServer } from '../browser/tools/static-server.js';
import { download, errorOf, launchChromium, resultOf, runPage } from '../browser/tools/headless-chromium.js';

const STEPS = 6;
const SEED = 3;

describe('the browser example in headless Chromium', () => {
  let dir: string;
  let server: StaticServer;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'flint-browser-'));
    server = await serveStatic(await buildPage(join(dir, 'page')));
  });
  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('with a WebGPU adapter (SwiftShader)', () => {
    let browser: Browser;
    beforeAll(async () => {
      browser = await launchChromium(true);
    });
    afterAll(async () => browser?.close());

    it('trains on WebGPU with the losses of Node on WebGPU (Dawn), and its downloaded weights load in Node', async () => {
      // The page trains in Chromium's processes while Node trains here.
      const [{ page, outcome }, inNode] = await Promise.all([
        runPage(browser, `${server.url}?steps=${STEPS}&seed=${SEED}&autostart=1`),
        trainMnist({ steps: STEPS, seed: SEED, accelerator: 'webgpu' }),
      ]);
      const inPage = resultOf(outcome);
      expect(inPage.device).toBe('webgpu:0');
      expect(inPage.losses).toHaveLength(STEPS);
      expect(inNode.device).toBe('webgpu:0');
      for (let i = 0; i < STEPS; i++) {
        const rel = Math.abs(inPage.losses[i] - inNode.losses[i]) / Math.abs(inNode.losses[i]);
        expect(rel, `step ${i}: browser ${inPage.losses[i]} vs node ${inNode.losses[i]}`).toBeLessThanOrEqual(1e-5);
      }
      expect(inPage.losses[STEPS - 1]).toBeLessThan(inPage.losses[0]);
      console.log(`time per step: browser (Chromium, SwiftShader) ${inPage.msPerStep.toFixed(1)} ms, node (Dawn) ${inNode.msPerStep.toFixed(1)} ms`);

      const file = await download(browser, page, '#download', dir, 'mnist-mlp.safetensors');
      const bytes = new Uint8Array(readFileSync(file));
      expect(bytes.byteLength).toBe(inPage.weightBytes);
      const model = new MnistMlp();
      const loaded = bytesToStateDict(bytes);
      expect(model.net.loadStateDict(loaded)).toEqual({ missingKeys: [], unexpectedKeys: [] });
      const nodeWeights = bytesToStateDict(inNode.weights);
      for (const [key, t] of Object.entries(nodeWeights)) {
        const [a, b] = [await loaded[key].data(), await t.data()];
        let diff = 0;
        for (let i = 0; i < b.length; i++) diff = Math.max(diff, Math.abs(a[i] - b[i]));
        expect(diff, `${key}: largest difference browser vs node`).toBeLessThan(1e-5);
      }
      // The loaded model classifies the held-out images as well as it did in the page.
      const val = syntheticMnist(512, SEED + 2);
      const acc = noGrad(() => mean(eq(argmax(model.forward(val.x), 1), val.y).cast('float32')));
      expect(Math.abs((await acc.item()) - inPage.accuracy)).toBeLessThanOrEqual(2 / 512);
      for (const t of [acc, val.x, val.y, ...Object.values(loaded), ...Object.values(nodeWeights)]) t.dispose();
    });
  });

  describe('without a WebGPU adapter', () => {
    let browser: Browser;
    beforeAll(async () => {
      browser = await launchChromium(false);
    });
    afterAll(async () => browser?.close());

    it("accelerator 'auto' trains on the CPU backend (WebAssembly SIMD) and says why", async () => {
      const { outcome } = await runPage(browser, `${server.url}?steps=2&accelerator=auto&autostart=1`);
      const result = resultOf(outcome);
      expect(result.device).toBe('cpu');
      expect(result.cpuKernel, 'the CPU backend runs its WebAssembly SIMD build in Chromium').toMatch(/^(relaxed-)?simd$/);
      expect(result.losses).toHaveLength(2);
      expect(result.messages).toEqual(["accelerator 'auto': no WebGPU adapter was found, training on the CPU backend"]);
    });

    it('loads batches on 2 Web Workers: the same losses as loading on the main thread', async () => {
      const main = await runPage(browser, `${server.url}?steps=4&seed=${SEED}&accelerator=cpu&autostart=1`);
      const workers = await runPage(browser, `${server.url}?steps=4&seed=${SEED}&accelerator=cpu&workers=2&autostart=1`);
      const dataWorkers = (urls: string[]): number => urls.filter((u) => u.endsWith('/data-worker.js')).length;
      expect(dataWorkers(main.workerUrls)).toBe(0);
      expect(dataWorkers(workers.workerUrls)).toBe(2);
      const [onMain, onWorkers] = [resultOf(main.outcome), resultOf(workers.outcome)];
      expect(onWorkers.losses).toHaveLength(4);
      expect(onWorkers.losses).toEqual(onMain.losses);
    });

    it("accelerator 'webgpu' fails with a DeviceError naming what is missing", async () => {
      const { page, outcome } = await runPage(browser, `${server.url}?steps=2&accelerator=webgpu&autostart=1`);
      const error = errorOf(outcome);
      expect(error.name).toBe('DeviceError');
      expect(error.message).toMatch(/^webgpu:0: no WebGPU adapter: navigator\.gpu\.requestAdapter\(\) returned no adapter/);
      expect(await page.$eval('#status', (e) => e.textContent)).toContain('DeviceError: webgpu:0: no WebGPU adapter');
    });
  });
});
