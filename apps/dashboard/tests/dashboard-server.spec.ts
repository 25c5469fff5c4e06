import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterEach, describe, expect, it } from 'vitest';
import { DashboardServer, RunHistory, type DashboardEvent } from '../src/index.js';

const require = createRequire(import.meta.url);

/** Reads SSE messages from `url` until `n` have arrived; returns them and the raw ids. */
async function readSse(url: string, n: number, headers: Record<string, string> = {}): Promise<DashboardEvent[]> {
  const ac = new AbortController();
  const res = await fetch(url, { headers, signal: ac.signal });
  expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
  const out: DashboardEvent[] = [];
  const decoder = new TextDecoder();
  let buf = '';
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    buf += decoder.decode(chunk, { stream: true });
    let i: number;
    while ((i = buf.indexOf('\n\n')) >= 0) {
      const block = buf.slice(0, i);
      buf = buf.slice(i + 2);
      const data = block.split('\n').find((l) => l.startsWith('data: '));
      const id = block.split('\n').find((l) => l.startsWith('id: '));
      if (data) {
        const e = JSON.parse(data.slice(6)) as DashboardEvent;
        expect(id).toBe(`id: ${e.seq}`);
        out.push(e);
      }
    }
    if (out.length >= n) break;
  }
  ac.abort();
  return out;
}

describe('DashboardServer', () => {
  const servers: DashboardServer[] = [];
  afterEach(async () => {
    for (const s of servers.splice(0)) await s.close();
  });
  const start = async (history = new RunHistory()): Promise<{ server: DashboardServer; url: string }> => {
    const server = new DashboardServer(history);
    servers.push(server);
    return { server, url: await server.listen(0) };
  };

  it('serves the page and uPlot from node_modules on 127.0.0.1', async () => {
    const { url } = await start();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const page = await (await fetch(url)).text();
    expect(page).toContain('/vendor/uPlot.iife.min.js');
    expect(page).not.toMatch(/https?:\/\/(?!127)/);
    const vendor = Buffer.from(await (await fetch(`${url}vendor/uPlot.iife.min.js`)).arrayBuffer());
    expect(vendor.equals(readFileSync(require.resolve('uplot/dist/uPlot.iife.min.js')))).toBe(true);
    const missing = await fetch(`${url}nope`);
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain('GET /nope');
  });

  it('replays the history first, then streams live; Last-Event-ID resumes after the given message', async () => {
    const history = new RunHistory();
    history.append({ type: 'fitStart', maxEpochs: 1, trainBatches: 3, hparams: { lr: 0.1 } });
    history.append({ type: 'batchEnd', stage: 'train', epoch: 0, batchIdx: 0, batches: 3, globalStep: 1, loss: 2.5, progBar: {} });
    const { url } = await start(history);
    const reading = readSse(`${url}events`, 3);
    await new Promise((r) => setTimeout(r, 100));
    history.append({ type: 'batchEnd', stage: 'train', epoch: 0, batchIdx: 1, batches: 3, globalStep: 2, loss: 2.25, progBar: {} });
    const all = await reading;
    expect(all.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(all.map((e) => e.type)).toEqual(['fitStart', 'batchEnd', 'batchEnd']);

    const resumed = await readSse(`${url}events`, 1, { 'last-event-id': '2' });
    expect(resumed.map((e) => e.seq)).toEqual([3]);
    const json = (await (await fetch(`${url}history`)).json()) as DashboardEvent[];
    expect(json).toHaveLength(3);
  });

  it('keeps the latest status of each rank and device; rejects a malformed one with 400 naming the field', async () => {
    const { server, url } = await start();
    const headers = { 'x-flint-dashboard-token': server.token };
    const post = (body: unknown): Promise<Response> => fetch(`${url}status`, { method: 'POST', body: JSON.stringify(body), headers });
    const status = { rank: 1, device: 'cpu', memoryBytes: 1024, buffers: 3, stepMs: 4.5, globalStep: 7 };
    expect((await post(status)).status).toBe(204);
    expect((await post({ ...status, globalStep: 8 })).status).toBe(204);
    const bad = await post({ ...status, stepMs: 'slow' });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("field 'stepMs'");
    const notJson = await fetch(`${url}status`, { method: 'POST', body: '{', headers });
    expect(notJson.status).toBe(400);
    const kept = server.history.since(0);
    expect(kept).toHaveLength(1);
    expect(kept[0]).toMatchObject({ type: 'status', rank: 1, globalStep: 8 });
  });

  it('says which port is taken', async () => {
    const { url } = await start();
    const port = Number(new URL(url).port);
    const second = new DashboardServer();
    await expect(second.listen(port)).rejects.toThrow(`dashboard: port ${port} on 127.0.0.1 is in use`);
  });
});
