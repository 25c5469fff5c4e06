import type { IncomingMessage } from 'node:http';

/** The header that carries the run's token on `POST /status`. */
export const TOKEN_HEADER = 'x-flint-dashboard-token';

/**
 * Why a request to the dashboard on 127.0.0.1:`port` is refused, or null when it may proceed.
 * The `Host` must name this server by a loopback name (a DNS-rebinding page sends its own host
 * name), and an `Origin`, when the browser sends one, must be this server's own (a cross-site
 * page's fetch or form carries its origin).
 */
export function refusedRequest(req: IncomingMessage, port: number): string | null {
  const allowed = [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`];
  const host = (req.headers.host ?? '').toLowerCase();
  if (!allowed.includes(host)) return `Host '${host}' is not this dashboard (${allowed[0]})`;
  const origin = req.headers.origin;
  if (origin !== undefined && !allowed.some((h) => origin.toLowerCase() === `http://${h}`)) return `Origin '${origin}' is not this dashboard`;
  return null;
}
