import type { Socket } from 'node:net';

/** Calls `onMessage` with each JSON object received on `socket`, one per line. */
export function readJsonLines(socket: Socket, onMessage: (msg: Record<string, unknown>) => void): void {
  let pending = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    pending += chunk;
    let nl: number;
    while ((nl = pending.indexOf('\n')) >= 0) {
      const line = pending.slice(0, nl);
      pending = pending.slice(nl + 1);
      if (line.trim()) onMessage(JSON.parse(line) as Record<string, unknown>);
    }
  });
}

/** Writes `msg` as one JSON line. */
export function writeJsonLine(socket: Socket, msg: Record<string, unknown>): void {
  if (!socket.destroyed) socket.write(`${JSON.stringify(msg)}\n`);
}
