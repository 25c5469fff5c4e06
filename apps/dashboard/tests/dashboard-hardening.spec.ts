import { request } from 'node:http';
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { DashboardServer, RunHistory, type DashboardPayload } from '../src/index.js';

const status = { type: 'status', rank: 1, device: 'cpu', memoryBytes: 1, buffers: 1, stepMs: 1, globalStep: 1 } as const;
const batchEnd = (step: number): DashboardPayload =>
  ({ type: 'batchEnd', stage: 'train', epoch: 0, batchIdx: step, batches: 1e9, globalStep: step, loss: 1 / (step + 1), progBar: { padding: 'x'.repeat(150) } }) as unknown as DashboardPayload;

/** A raw HTTP request with exactly these headers (fetch would set Host itself). */
function raw(url: string, method: string, path: string, headers: Record<string, string>, body = ''): Promise<{ status: number; text: string }> {
  const { port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers, setHost: false }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('dashboard: requests from other sites are refused', () => {
  const servers: DashboardServer[] = [];
  afterEach(async () => {
    for (const s of servers.splice(0)) await s.close();
  });
  const start = async (): Promise<{ server: DashboardServer; url: string; host: string }> => {
    const server = new DashboardServer();
    servers.push(server);
    const url = await server.listen(0);
    return { server, url, host: new URL(url).host };
  };

  it('a DNS-rebinding Host cannot read /history or the stream', async () => {
    const { url, host } = await start();
    expect((await raw(url, 'GET', '/history', { host: 'attacker.example:80' })).status).toBe(403);
    const r = await raw(url, 'GET', '/history', { host: `attacker.example:${new URL(url).port}` });
    expect(r.status).toBe(403);
    expect(r.text).toMatch(/Host 'attacker\.example:\d+' is not this dashboard/);
    expect((await raw(url, 'GET', '/events', { host: 'evil:1' })).status).toBe(403);
    expect((await raw(url, 'GET', '/history', { host })).status).toBe(200);
    expect((await raw(url, 'GET', '/history', { host: `localhost:${new URL(url).port}` })).status).toBe(200);
  });

  it('POST /status needs the run token and a same-origin (or no) Origin; nothing is appended otherwise', async () => {
    const { server, url, host } = await start();
    const body = JSON.stringify(status);
    const json = { host, 'content-type': 'application/json' };
    expect((await raw(url, 'POST', '/status', json, body)).status).toBe(403);
    expect((await raw(url, 'POST', '/status', { ...json, 'x-flint-dashboard-token': 'guess' }, body)).status).toBe(403);
    const crossSite = await raw(url, 'POST', '/status', { ...json, origin: 'https://evil.example', 'x-flint-dashboard-token': server.token }, body);
    expect(crossSite.status).toBe(403);
    expect(crossSite.text).toMatch(/Origin 'https:\/\/evil\.example' is not this dashboard/);
    expect(server.history.since(0)).toHaveLength(0);
    expect((await raw(url, 'POST', '/status', { ...json, 'x-flint-dashboard-token': server.token }, body)).status).toBe(204);
    expect((await raw(url, 'POST', '/status', { ...json, origin: `http://${host}`, 'x-flint-dashboard-token': server.token }, body)).status).toBe(204);
    expect(server.history.since(0)).toHaveLength(1);
  });

  it('a client that stops reading is disconnected once 1 MB piles up; the run goes on', async () => {
    const { server, url, host } = await start();
    const sock = connect(Number(new URL(url).port), '127.0.0.1');
    await new Promise((r) => sock.once('connect', r));
    sock.write(`GET /events HTTP/1.1\r\nHost: ${host}\r\n\r\n`);
    sock.pause();
    sock.on('error', () => undefined);
    await new Promise((r) => setTimeout(r, 100));
    // 60k messages of ~330 bytes (20 MB) while the client reads nothing: far more than the
    // 1 MB the server may buffer plus what the kernel's loopback socket buffers hold (autotuned,
    // several MB on Linux), so a client that got everything was never cut off.
    const one = JSON.stringify(batchEnd(0)).length;
    const total = 60_000;
    for (let sent = 0; sent < total; ) {
      for (let i = 0; i < 1000; i++) server.history.append(batchEnd(sent++));
      await new Promise((r) => setImmediate(r));
    }
    // Now it reads: it gets what was buffered, then the end of a connection the server dropped.
    let received = 0;
    sock.on('data', (d: Buffer) => (received += d.length));
    sock.resume();
    const closed = await Promise.race([new Promise<boolean>((r) => sock.once('close', () => r(true))), new Promise<boolean>((r) => setTimeout(() => r(false), 10_000))]);
    sock.destroy();
    expect(closed, `still connected after ${received} bytes`).toBe(true);
    expect(received).toBeLessThan(total * one * 0.6);
    expect(server.history.size).toBe(20_000);
  });
});

describe('dashboard history is bounded', () => {
  it('90k steps keep at most maxEvents messages: old points thinned, recent ones dense, epoch ends all kept', () => {
    const h = new RunHistory(() => 0, 2000);
    for (let step = 0; step < 90_000; step++) {
      h.append(batchEnd(step));
      if (step % 1000 === 999) h.append({ type: 'epochEnd', epoch: step / 1000, globalStep: step + 1, metrics: {} } as DashboardPayload);
    }
    expect(h.size).toBeLessThanOrEqual(2000);
    const all = h.since(0);
    expect(all.filter((e) => e.type === 'epochEnd')).toHaveLength(90);
    const steps = all.filter((e) => e.type === 'batchEnd').map((e) => (e as unknown as { globalStep: number }).globalStep);
    expect(steps[0]).toBeLessThan(1000);
    expect(steps.at(-1)).toBe(89_999);
    // the newest 100 steps are all there; the oldest are sparse
    expect(steps.slice(-100)).toEqual(Array.from({ length: 100 }, (_, i) => 89_900 + i));
    expect(steps[1] - steps[0]).toBeGreaterThan(1);
    for (let i = 1; i < all.length; i++) expect(all[i].seq).toBeGreaterThan(all[i - 1].seq);
  });
});
