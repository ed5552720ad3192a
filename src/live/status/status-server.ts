import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LiveRunner } from '../runner/live-runner.ts';
import { STATUS_PAGE } from './status-page.ts';
import { statusView } from './status-view.ts';

export interface StatusServer {
  readonly url: string;
  /** Base URL of the control endpoint, or null when control is disabled (read-only server). */
  readonly controlUrl: string | null;
  /** The per-start control token, or null when control is disabled. */
  readonly controlToken: string | null;
  close(): Promise<void>;
}

export interface StatusServerOptions {
  readonly port?: number;
  /** Accept POST /control/* (with the token). Off by default: the server is read-only. */
  readonly control?: boolean;
  /** Where to write the control token (mode 600) when control is enabled. */
  readonly controlTokenFile?: string;
}

const ACTIONS = { halt: 'halted', 'reduce-only': 'reducing-only', resume: 'active' } as const;

/**
 * The runner's local HTTP endpoint, bound to 127.0.0.1 only: GET / (status page), GET
 * /status.json. Read-only by default: every POST /control/* is refused. With `control` on, the
 * kill switch is POST /control/halt, /control/reduce-only or /control/resume with header
 * `x-control-token: <token>`; the token is random per start and written (mode 600) to
 * `controlTokenFile`, so only the local user who can read that file controls the runner.
 */
export async function startStatusServer(runner: LiveRunner, opts: StatusServerOptions = {}): Promise<StatusServer> {
  const token = opts.control ? randomBytes(24).toString('hex') : null;
  if (token && opts.controlTokenFile) writeFileSync(opts.controlTokenFile, token + '\n', { mode: 0o600 });
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const send = (code: number, type: string, body: string) => {
      res.writeHead(code, { 'content-type': type, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
      res.end(body);
    };
    if (req.method === 'GET' && (url.pathname === '/' || url.pathname === '/index.html')) return send(200, 'text/html; charset=utf-8', STATUS_PAGE);
    if (req.method === 'GET' && url.pathname === '/status.json') return send(200, 'application/json', JSON.stringify(statusView(runner)));
    const m = /^\/control\/(halt|reduce-only|resume)$/.exec(url.pathname);
    if (m) {
      if (req.method !== 'POST') return send(405, 'text/plain', 'use POST');
      if (token === null) return send(403, 'text/plain', 'control is disabled: this status server is read-only (start the runner with --control)');
      if (req.headers['x-control-token'] !== token) return send(403, 'text/plain', 'missing or wrong x-control-token');
      const mode = ACTIONS[m[1] as keyof typeof ACTIONS];
      runner.setMode(mode, `control endpoint: ${m[1]}`);
      return send(200, 'application/json', JSON.stringify({ tradingMode: runner.session.kernel.tradingMode() }));
    }
    send(404, 'text/plain', 'not found');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/`,
    controlUrl: token ? `http://127.0.0.1:${port}/control/` : null,
    controlToken: token,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
