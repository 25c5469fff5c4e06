import { existsSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualSeed } from '@flint/core';
import { Callback, CSVLogger, JsonlLogger, LearningRateMonitor, Trainer, type TrainerView } from '@flint/trainer';
import { DashboardCallback, serveDashboard } from '../src/index.js';
import { TinyClassifier, teacherLoader } from './tiny-classifier.js';

const CHROMIUM = '/usr/bin/chromium';

const points = (page: Page, chart: string, series: string): Promise<[number, number][]> =>
  page.evaluate((c: string, s: string) => (window as unknown as PageApi).flintDashboard.points(c, s), chart, series);

interface PageApi {
  flintDashboard: { points(chart: string, series: string): [number, number][] };
}
const lossPoints = (page: Page, series = 'loss'): Promise<[number, number][]> => page.evaluate((s: string) => (window as unknown as PageApi).flintDashboard.points('loss', s), series);
const waitForPoints = (page: Page, n: number, series = 'loss'): Promise<unknown> =>
  page.waitForFunction((k: number, s: string) => (window as unknown as PageApi).flintDashboard.points('loss', s).length >= k, { timeout: 20_000 }, n, series);

/** Pauses training at `step` (hooks are awaited) and runs the browser checks there. */
class PauseAt extends Callback {
  constructor(private readonly step: number, private readonly check: () => Promise<void>) {
    super();
  }
  override async onTrainBatchEnd(trainer: TrainerView): Promise<void> {
    if (trainer.globalStep === this.step) await this.check();
  }
}

describe('dashboard in headless Chromium during a real training', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await puppeteer.launch({ executablePath: CHROMIUM, headless: true, args: ['--headless=new', '--no-sandbox', '--disable-gpu'] });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('the loss chart holds exactly the steps run so far, live, and all of them again after a reload', async () => {
    manualSeed(0);
    const root = mkdtempSync(join(tmpdir(), 'flint-dashboard-'));
    let url = '';
    const dashboard = new DashboardCallback({ port: 0, keepOpen: true, onListening: (u) => (url = u) });
    const page = await browser.newPage();
    await page.setViewport({ width: 1280, height: 900 });
    const losses = new Map<number, number>();
    let midRun: [number, number][] = [];
    const pause = new PauseAt(5, async () => {
      await page.goto(url);
      await waitForPoints(page, 5);
      midRun = await lossPoints(page);
      await page.screenshot({ path: join(root, 'dashboard-step5.png') });
    });
    const trainer = new Trainer({ maxEpochs: 2, defaultRootDir: root, accelerator: 'cpu', enableProgressBar: false, enableModelSummary: false, callbacks: [dashboard, new LearningRateMonitor('step'), pause] });
    trainer.events$.subscribe((e) => {
      if (e.type === 'batchEnd' && e.stage === 'train' && e.loss !== undefined) losses.set(e.globalStep, e.loss);
    });
    try {
      await trainer.fit(new TinyClassifier(), teacherLoader());

      // Mid-run: exactly steps 1..5, with the values the trainer published.
      expect(midRun.map(([x]) => x)).toEqual([1, 2, 3, 4, 5]);
      for (const [x, y] of midRun) expect(y).toBeCloseTo(losses.get(x)!, 6);

      // The open page followed the rest of the run live.
      await waitForPoints(page, 16);
      expect((await lossPoints(page)).map(([x]) => x)).toEqual([...losses.keys()]);
      await page.waitForFunction(() => document.getElementById('run-state')?.dataset['state'] === 'finished', { timeout: 10_000 });

      // A reload reconnects and replays the whole history.
      await page.reload();
      await waitForPoints(page, 16);
      const replayed = await lossPoints(page);
      expect(replayed).toHaveLength(16);
      for (const [x, y] of replayed) expect(y).toBeCloseTo(losses.get(x)!, 6);
      const text = (id: string): Promise<string> => page.$eval(`#${id}`, (el) => el.textContent ?? '');
      expect(await text('global-step')).toBe('16');
      expect(await text('hparams')).toContain('lr');
      expect(await text('checkpoint')).toContain('epoch=1-step=16');
      expect(await text('devices')).toContain('cpu');
      // LearningRateMonitor's lr-SGD at every step start goes to the learning-rate chart.
      expect(await points(page, 'lr', 'lr-SGD')).toEqual(Array.from({ length: 16 }, (_, i) => [i, 0.1]));
      expect(Number(await page.$eval('#throughput-chart', (el) => (el as HTMLElement).dataset['points']))).toBe(15);
      expect(Number(await page.$eval('#metrics-chart', (el) => (el as HTMLElement).dataset['points']))).toBe(0);
      await page.screenshot({ path: join(root, 'dashboard-end.png') });
      for (const shot of ['dashboard-step5.png', 'dashboard-end.png']) expect(statSync(join(root, shot)).size).toBeGreaterThan(10_000);
    } finally {
      await page.close();
      await dashboard.close();
    }
    expect(existsSync(join(root, 'dashboard-end.png'))).toBe(true);
  });

  it('browses a finished run directory: its logged train_loss rows on the loss chart, its hparams and checkpoint', async () => {
    manualSeed(0);
    const root = mkdtempSync(join(tmpdir(), 'flint-dashboard-'));
    const trainer = new Trainer({ maxEpochs: 2, defaultRootDir: root, accelerator: 'cpu', enableProgressBar: false, enableModelSummary: false, logEveryNSteps: 2, logger: [new CSVLogger(), new JsonlLogger()] });
    const logged = new Map<number, number>();
    trainer.events$.subscribe((e) => {
      if (e.type === 'metrics' && e.metrics['train_loss'] !== undefined) logged.set(e.step, e.metrics['train_loss']);
    });
    await trainer.fit(new TinyClassifier(), teacherLoader());
    expect(logged.size).toBe(8);
    const server = await serveDashboard(trainer.logDir, { port: 0 });
    const page = await browser.newPage();
    try {
      await page.goto(server.url);
      await waitForPoints(page, 8, 'train_loss');
      const points = await lossPoints(page, 'train_loss');
      expect(points.map(([x]) => x)).toEqual([...logged.keys()]);
      for (const [x, y] of points) expect(y).toBeCloseTo(logged.get(x)!, 6);
      expect(await page.$eval('#run-state', (el) => (el as HTMLElement).dataset['state'])).toBe('finished');
      expect(await page.$eval('#hparams', (el) => el.textContent ?? '')).toContain('hidden16');
      expect(await page.$eval('#checkpoint', (el) => el.textContent ?? '')).toContain('epoch=1-step=16');
      await page.screenshot({ path: join(root, 'dashboard-run-dir.png') });
    } finally {
      await page.close();
      await server.close();
    }
  });
});
