import type { ServerResponse } from 'node:http';
import type { DashboardEvent } from '../history/dashboard-event.js';
import type { RunHistory } from '../history/run-history.js';

const HEARTBEAT_MS = 15_000;
/**
 * Bytes a page may leave unread before it is disconnected: past this it is too slow to follow
 * the run, and holding more would grow the trainer's memory without bound. Its EventSource
 * reconnects with Last-Event-ID and gets the missed tail from the (bounded) history.
 */
export const MAX_CLIENT_BUFFER_BYTES = 1 << 20;

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
  let open = true;
  const write = (e: DashboardEvent): void => void res.write(`id: ${e.seq}\ndata: ${JSON.stringify(e)}\n\n`);
  res.write('retry: 1000\n\n');
  // The history (bounded) goes out whole; from then on a client that lets more than
  // MAX_CLIENT_BUFFER_BYTES pile up unread is dropped (backpressure).
  for (const e of history.since(afterSeq)) write(e);
  const limit = res.writableLength + MAX_CLIENT_BUFFER_BYTES;
  const end = (): void => {
    if (!open) return;
    open = false;
    clearInterval(heartbeat);
    unlisten();
    res.end();
  };
  const unlisten = history.listen((e) => {
    if (!open) return;
    if (res.writableLength <= limit) return write(e);
    end();
    res.destroy();
  });
  const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
  heartbeat.unref();
  res.on('close', end);
  return end;
}
