import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { parseDeviceStatus } from '../history/device-status.js';
import { RunHistory } from '../history/run-history.js';
import { assetBytes, STATIC_ASSETS } from './static-assets.js';
import { openSseStream } from './sse-stream.js';
import { refusedRequest, TOKEN_HEADER } from './request-guard.js';

/** Where the dashboard listens when no port is given (a fixed one, so DDP ranks can report to it). */
export const DEFAULT_DASHBOARD_PORT = 8686;
const MAX_STATUS_BYTES = 4096;

/**
 * The dashboard's HTTP server on 127.0.0.1: the page and uPlot (`/`, `/dashboard.js`,
 * `/vendor/...`), the run's messages as Server-Sent Events (`/events`, history first), the
 * whole history as JSON (`/history`), and `POST /status` where other ranks report their devices.
 * Requests must name this server in `Host` (and `Origin`, when sent), so a DNS-rebinding or
 * cross-site page can neither read the run nor post to it; `POST /status` also needs the run's
 * `token` in the `x-flint-dashboard-token` header.
 */
export class DashboardServer {
  readonly history: RunHistory;
  private readonly server: Server;
  private readonly streams = new Set<() => void>();
  private listening = false;

  /**
   * `token`: what `POST /status` must carry (default: a random one per server; the
   * DashboardCallback hands rank 0's to the other ranks).
   */
  constructor(
    history: RunHistory = new RunHistory(),
    readonly token: string = randomBytes(16).toString('hex'),
  ) {
    this.history = history;
    this.server = createServer((req, res) => {
      this.route(req, res).catch((e: unknown) => {
        const bad = e instanceof TypeError || e instanceof SyntaxError;
        if (!res.headersSent) res.writeHead(bad ? 400 : 500, { 'content-type': 'text/plain' });
        res.end(e instanceof Error ? e.message : String(e));
      });
    });
  }

  /** Starts listening (port 0: any free port); resolves to the page's URL. */
  async listen(port: number = DEFAULT_DASHBOARD_PORT): Promise<string> {
    await new Promise<void>((resolve, reject) => {
      const onError = (e: NodeJS.ErrnoException): void => {
        reject(e.code === 'EADDRINUSE' ? new Error(`dashboard: port ${port} on 127.0.0.1 is in use; pass another port (--port P)`) : e);
      };
      this.server.once('error', onError);
      this.server.listen(port, '127.0.0.1', () => {
        this.server.off('error', onError);
        resolve();
      });
    });
    this.listening = true;
    return this.url;
  }

  get url(): string {
    const a = this.server.address() as AddressInfo | null;
    if (!a) throw new Error('dashboard: the server is not listening');
    return `http://127.0.0.1:${a.port}/`;
  }

  /** Ends every stream and stops listening. */
  async close(): Promise<void> {
    if (!this.listening) return;
    this.listening = false;
    for (const end of [...this.streams]) end();
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closed;
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const refused = refusedRequest(req, (this.server.address() as AddressInfo).port);
    if (refused) {
      res.writeHead(403, { 'content-type': 'text/plain' }).end(`dashboard: ${refused}`);
      return;
    }
    if (req.method === 'GET' && url.pathname === '/events') {
      const after = Number(req.headers['last-event-id'] ?? url.searchParams.get('after') ?? 0);
      const end = openSseStream(res, this.history, Number.isFinite(after) ? after : 0);
      this.streams.add(end);
      res.on('close', () => this.streams.delete(end));
      return;
    }
    if (req.method === 'GET' && url.pathname === '/history') {
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify(this.history.since(0)));
      return;
    }
    if (req.method === 'POST' && url.pathname === '/status') {
      if (req.headers[TOKEN_HEADER] !== this.token) {
        res.writeHead(403, { 'content-type': 'text/plain' }).end(`dashboard: POST /status needs this run's ${TOKEN_HEADER}`);
        return;
      }
      const status = parseDeviceStatus(JSON.parse(await readBody(req, MAX_STATUS_BYTES)));
      this.history.append({ type: 'status', ...status });
      res.writeHead(204).end();
      return;
    }
    const asset = req.method === 'GET' ? STATIC_ASSETS.get(url.pathname) : undefined;
    if (!asset) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end(`dashboard: no ${req.method} ${url.pathname}`);
      return;
    }
    const bytes = await assetBytes(asset);
    res.writeHead(200, { 'content-type': asset.contentType, 'content-length': bytes.length });
    res.end(bytes);
  }
}

async function readBody(req: IncomingMessage, limit: number): Promise<string> {
  let body = '';
  for await (const chunk of req) {
    body += String(chunk);
    if (body.length > limit) throw new Error(`dashboard: request body over ${limit} bytes`);
  }
  return body;
}
