import type { ServerResponse } from 'node:http';
import type { DashboardEvent } from '../history/dashboard-event.js';
import type { RunHistory } from '../history/run-history.js';

const HEARTBEAT_MS = 15_000;

/**
 * One page's Server-Sent Events stream: the history after `afterSeq` first (everything on a
 * fresh load; the missed tail when EventSource reconnects with Last-Event-ID), then each new
 * message live. Returns a function that ends the stream.
 */
export function openSseStream(res: ServerResponse, history: RunHistory, afterSeq: number): () => void {
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'keep-alive',
  });
  const send = (e: DashboardEvent): void => {
    res.write(`id: ${e.seq}\ndata: ${JSON.stringify(e)}\n\n`);
  };
  res.write('retry: 1000\n\n');
  for (const e of history.since(afterSeq)) send(e);
  const unlisten = history.listen(send);
  const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
  heartbeat.unref();
  let open = true;
  const end = (): void => {
    if (!open) return;
    open = false;
    clearInterval(heartbeat);
    unlisten();
    res.end();
  };
  res.on('close', end);
  return end;
}
