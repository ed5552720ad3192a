import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dashboardBundle, DASHBOARD_HTML } from '../dashboard/bundle.ts';
import type { LogRing } from '../dashboard/log-ring.ts';
import { MarketFeed, type MarketFeedOptions } from '../dashboard/market-feed.ts';
import { PushHub } from '../dashboard/push-hub.ts';
import type { KrakenRateLimiter } from '../kraken/rest/rate-limiter.ts';
import type { OhlcInterval } from '../kraken/ws/messages/requests.ts';
import type { LiveRunner } from '../runner/live-runner.ts';
import { runControl, CONTROL_ACTIONS, type ControlAction } from './control-actions.ts';
import { allowedHosts, hostAllowed, originAllowed, tokenMatches, writeTokenFile } from './http-guard.ts';
import { statusView } from './status-view.ts';

export interface StatusServer {
  readonly url: string;
  /** Base URL of the control endpoint, or null when control is disabled (read-only server). */
  readonly controlUrl: string | null;
  /** The per-start control token, or null when control is disabled. */
  readonly controlToken: string | null;
  /** The dashboard's market feed (Markets page), when `market` was given. */
  readonly feed: MarketFeed | undefined;
  readonly hub: PushHub;
  close(): Promise<void>;
}

export interface StatusServerOptions {
  readonly port?: number;
  /** Address to bind; loopback by default. Anything else is the operator's explicit choice. */
  readonly host?: string;
  /** Accept POST /control/* (with the token). Off by default: the server is read-only. */
  readonly control?: boolean;
  /** Where to write the control token (mode 0600, whatever the file had) when control is enabled. */
  readonly controlTokenFile?: string;
  /** Markets page: the public WebSocket to watch (the runner's), and watch tuning. */
  readonly market?: { readonly wsPublicUrl: string } & Partial<Omit<MarketFeedOptions, 'wsPublicUrl'>>;
  /** The runner's REST rate limiter (pass the same instance in the runner's restOptions), for the Operations page. */
  readonly limiter?: KrakenRateLimiter;
  /** Recent log lines for the Operations page (give the same LogRing to the runner's logger). */
  readonly logs?: LogRing;
  /** Coalescing window of pushed updates, ms (default 50). */
  readonly pushThrottleMs?: number;
}

const SECURITY_HEADERS = {
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'content-security-policy': "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'",
};

/**
 * The runner's local HTTP endpoint, bound to 127.0.0.1 by default: GET / (the dashboard, bundled
 * in memory at start), GET /events (Server-Sent Events: a snapshot, then deltas), GET
 * /status.json and /state.json. Every request must name a loopback Host (DNS rebinding).
 * Read-only by default: every POST /control/* is refused. With `control` on, POST
 * /control/{halt,reduce-only,resume,cancel-all} with header `x-control-token: <token>` acts
 * through the runner's kill-switch path (each change a journaled `mode` input), and
 * /control/{halt,resume}-strategy?strategy=ID through one strategy's (a `strategy` input); the token is
 * random per start and written (0600) to `controlTokenFile`, so only the local user who can read
 * that file controls the runner.
 */
export async function startStatusServer(runner: LiveRunner, opts: StatusServerOptions = {}): Promise<StatusServer> {
  const token = opts.control ? randomBytes(24).toString('hex') : null;
  if (token && opts.controlTokenFile) writeTokenFile(opts.controlTokenFile, token);
  const bundle = await dashboardBundle();
  const bindHost = opts.host ?? '127.0.0.1';
  let feed: MarketFeed | undefined;
  if (opts.market) {
    const minutes = runner.session.sk.intervalMs / 60_000;
    feed = new MarketFeed({ pinned: runner.config.pairs, candleInterval: minutes as OhlcInterval, ...opts.market });
    feed.start();
  }
  const hub = new PushHub({ runner, feed, limiter: opts.limiter, logs: opts.logs, controlEnabled: token !== null }, opts.pushThrottleMs);
  let allowed = new Set<string>();
  let port = 0;

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const send = (code: number, type: string, body: string) => {
      res.writeHead(code, { ...SECURITY_HEADERS, 'content-type': type });
      res.end(body);
    };
    if (!hostAllowed(req.headers.host, allowed)) return send(421, 'text/plain', `Host ${JSON.stringify(req.headers.host ?? '')} is not this server: use http://127.0.0.1:${port}/`);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method === 'GET') {
      switch (url.pathname) {
        case '/':
        case '/index.html':
          return send(200, 'text/html; charset=utf-8', DASHBOARD_HTML);
        case '/app.js':
          return send(200, 'text/javascript; charset=utf-8', bundle.js);
        case '/app.css':
          return send(200, 'text/css; charset=utf-8', bundle.css);
        case '/events':
          return hub.attach(res);
        case '/status.json':
          return send(200, 'application/json', JSON.stringify(statusView(runner)));
        case '/state.json':
          return send(200, 'application/json', JSON.stringify(hub.state()));
      }
    }
    const m = /^\/control\/([a-z-]+)$/.exec(url.pathname);
    if (m && (CONTROL_ACTIONS as readonly string[]).includes(m[1])) {
      if (req.method !== 'POST') return send(405, 'text/plain', 'use POST');
      if (!originAllowed(req.headers.origin, allowed)) return send(403, 'text/plain', 'cross-origin control request refused');
      if (token === null) return send(403, 'text/plain', 'control is disabled: this status server is read-only (start the runner with --control)');
      if (!tokenMatches(req.headers['x-control-token'], token)) return send(403, 'text/plain', 'missing or wrong x-control-token');
      const result = runControl(runner, m[1] as ControlAction, req.headers['x-control-reason'], url.searchParams.get('strategy'));
      hub.flush();
      return send(result.refused === undefined ? 200 : 409, 'application/json', JSON.stringify(result));
    }
    send(404, 'text/plain', 'not found');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, bindHost, () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  allowed = allowedHosts(bindHost, port);
  const shown = bindHost === '0.0.0.0' || bindHost === '::' ? '127.0.0.1' : bindHost.includes(':') ? `[${bindHost}]` : bindHost;
  return {
    url: `http://${shown}:${port}/`,
    controlUrl: token ? `http://${shown}:${port}/control/` : null,
    controlToken: token,
    feed,
    hub,
    close: () =>
      new Promise<void>((resolve) => {
        hub.close();
        feed?.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
