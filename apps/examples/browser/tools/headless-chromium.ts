import { existsSync } from 'node:fs';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import type { PageOutcome } from '../src/main.js';

/** Debian's chromium (installed by .ci/run); CHROMIUM_PATH overrides. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Starts headless Chromium. With `webgpu`, `--enable-unsafe-webgpu` gives pages a WebGPU
 * adapter even without a GPU (SwiftShader); without it, Linux Chromium has no adapter.
 */
export async function launchChromium(webgpu: boolean): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`headless browser test: ${CHROMIUM} not found; install Debian's chromium (apt install chromium, as .ci/run does) or set CHROMIUM_PATH`);
  }
  // --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start.
  const args = ['--no-sandbox', ...(webgpu ? ['--enable-unsafe-webgpu'] : [])];
  return puppeteer.launch({ executablePath: CHROMIUM, headless: true, args });
}

/** Opens `url` and waits until the page's run has ended; returns what it left on `window` and the Web Workers it started. */
export async function runPage(browser: Browser, url: string, timeoutMs = 50_000): Promise<{ page: Page; outcome: PageOutcome; workerUrls: string[] }> {
  const page = await browser.newPage();
  const errors: string[] = [];
  const workerUrls: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('workercreated', (w) => workerUrls.push(w.url()));
  await page.goto(url);
  try {
    await page.waitForFunction(() => document.body.dataset.state !== undefined, { timeout: timeoutMs, polling: 100 });
  } catch (e) {
    throw new Error(`the page at ${url} did not finish (page errors: ${errors.join('; ') || 'none'}): ${String(e)}`);
  }
  const outcome = await page.evaluate(() => {
    const w = window as unknown as PageOutcome;
    return { flintResult: w.flintResult, flintError: w.flintError };
  });
  return { page, outcome, workerUrls };
}

/** Clicks the element `selector` and waits for the download named `file` to land in `dir`. */
export async function download(browser: Browser, page: Page, selector: string, dir: string, file: string): Promise<string> {
  const session = await browser.target().createCDPSession();
  await session.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: dir, eventsEnabled: true });
  const done = new Promise<void>((ok, fail) => {
    session.on('Browser.downloadProgress', (e) => {
      if (e.state === 'completed') ok();
      else if (e.state === 'canceled') fail(new Error(`download of ${file} was canceled`));
    });
  });
  await page.click(selector);
  await done;
  return `${dir}/${file}`;
}

/** The page's result; fails with the page's error when its run threw. */
export function resultOf(outcome: PageOutcome): NonNullable<PageOutcome['flintResult']> {
  if (!outcome.flintResult) throw new Error(`the page's run failed: ${outcome.flintError?.name}: ${outcome.flintError?.message}`);
  return outcome.flintResult;
}

/** The page's error; fails when its run did not throw. */
export function errorOf(outcome: PageOutcome): NonNullable<PageOutcome['flintError']> {
  if (!outcome.flintError) throw new Error(`the page's run was expected to fail but finished on ${outcome.flintResult?.device}`);
  return outcome.flintError;
}
