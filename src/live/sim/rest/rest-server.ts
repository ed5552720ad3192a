import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { verifySignature } from '../auth/signature.ts';
import { KrakenError } from '../engine/types.ts';
import type { KrakenSimulator } from '../simulator.ts';
import { toJson } from '../util/raw-json.ts';
import { PRIVATE_METHODS } from './private-api.ts';
import { PUBLIC_METHODS } from './public-api.ts';
import { parseBody } from './request-body.ts';

const MAX_BODY = 1 << 20;

/**
 * Kraken REST on node:http: `/0/public/<Method>` (GET query or POST body) and `/0/private/<Method>`
 * (POST, API-Key + API-Sign headers, form or JSON body). Every answer is Kraken's envelope with HTTP
 * 200, except unknown methods (HTTP 404 + `EGeneral:Unknown method`) and injected HTTP 503 faults.
 * Checks on private calls, in order: method exists, key known (`EAPI:Invalid key`), nonce present and
 * signature valid (`EAPI:Invalid signature`), nonce strictly increasing (`EAPI:Invalid nonce`),
 * permission, call counter (`EAPI:Rate limit exceeded`).
 */
export class RestServer {
  private server?: Server;
  private readonly sockets = new Set<Socket>();
  private readonly hanging = new Set<ServerResponse>();

  constructor(private readonly sim: KrakenSimulator) {}

  listen(host: string, port: number): Promise<string> {
    const server = createServer((req, res) => {
      this.handle(req, res).catch((e: unknown) => this.send(res, 500, { error: [`EGeneral:Internal error:${(e as Error).message}`] }));
    });
    server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        const addr = server.address();
        resolve(typeof addr === 'object' && addr ? `http://${host}:${addr.port}` : '');
      });
    });
  }

  /** Destroys every open HTTP socket (fault: dropConnections). */
  dropSockets(): void {
    for (const s of this.sockets) s.destroy();
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    this.hanging.clear();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://sim');
    const m = /^\/0\/(public|private)\/([A-Za-z]+)$/.exec(url.pathname);
    const faults = this.sim.faults;
    if (faults.unavailablePending > 0) {
      faults.unavailablePending--;
      if (faults.unavailableHttp) {
        res.writeHead(503, { 'content-type': 'text/html' });
        res.end('<html><head><title>503 Service Temporarily Unavailable</title></head><body><center><h1>503 Service Temporarily Unavailable</h1></center><hr><center>cloudflare</center></body></html>');
        return;
      }
      return this.send(res, 200, { error: ['EService:Unavailable'] });
    }
    if (!m) return this.send(res, 404, { error: ['EGeneral:Unknown method'] });
    const [, scope, method] = m;
    let params: Record<string, unknown>;
    try {
      params = { ...Object.fromEntries(url.searchParams), ...parseBody(raw, req.headers['content-type']) };
    } catch {
      return this.send(res, 200, { error: ['EAPI:Bad request'] });
    }
    if (scope === 'public') {
      const handler = PUBLIC_METHODS[method];
      if (!handler) return this.send(res, 404, { error: ['EGeneral:Unknown method'] });
      return this.answer(res, () => handler(this.sim, params));
    }
    const spec = PRIVATE_METHODS[method];
    if (!spec) return this.send(res, 404, { error: ['EGeneral:Unknown method'] });
    if (req.method !== 'POST') return this.send(res, 200, { error: ['EAPI:Bad request'] });
    const key = header(req, 'api-key');
    const account = key ? this.sim.accounts.get(key) : undefined;
    if (!account) return this.send(res, 200, { error: ['EAPI:Invalid key'] });
    const nonceText = params.nonce === undefined ? undefined : String(params.nonce);
    if (nonceText === undefined || !/^\d+$/.test(nonceText)) return this.send(res, 200, { error: ['EAPI:Invalid nonce'] });
    const sign = header(req, 'api-sign') ?? '';
    if (!verifySignature(url.pathname, nonceText, raw, account.secret, sign)) return this.send(res, 200, { error: ['EAPI:Invalid signature'] });
    const nonce = BigInt(nonceText);
    if (nonce <= account.lastNonce) return this.send(res, 200, { error: ['EAPI:Invalid nonce'] });
    account.lastNonce = nonce;
    if (!account.permissions[spec.permission]) return this.send(res, 200, { error: ['EGeneral:Permission denied'] });
    if (spec.cost !== 'none') {
      if (faults.rateLimitPending > 0) {
        faults.rateLimitPending--;
        return this.send(res, 200, { error: ['EAPI:Rate limit exceeded'] });
      }
      const rl = this.sim.options.rateLimit;
      if (rl?.enabled !== false) {
        const cost = spec.cost === 'history' ? (rl?.historyCost ?? 2) : 1;
        if (!account.restCounter.tryAdd(cost, this.sim.now())) return this.send(res, 200, { error: ['EAPI:Rate limit exceeded'] });
      }
    }
    let envelope: Record<string, unknown>;
    try {
      envelope = { error: [], result: spec.run(this.sim, account, params) };
    } catch (e) {
      envelope = errorEnvelope(e);
    }
    // Swallow only a real placement (the order exists; the client never learns its id).
    if (spec.placesOrder && Array.isArray((envelope.result as { txid?: unknown } | undefined)?.txid)) {
      const swallow = faults.takeSwallow();
      if (swallow === 'close') {
        req.socket.destroy();
        return;
      }
      if (swallow === 'hang') {
        this.hanging.add(res); // never answered; destroyed on close()
        return;
      }
    }
    this.send(res, 200, envelope);
  }

  private answer(res: ServerResponse, fn: () => unknown): void {
    let envelope: Record<string, unknown>;
    try {
      envelope = { error: [], result: fn() };
    } catch (e) {
      envelope = errorEnvelope(e);
    }
    this.send(res, 200, envelope);
  }

  private send(res: ServerResponse, status: number, body: unknown): void {
    const text = toJson(body);
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  }
}

function errorEnvelope(e: unknown): Record<string, unknown> {
  if (e instanceof KrakenError) return { error: [e.krakenError] };
  return { error: [`EGeneral:Internal error:${(e as Error).message}`] };
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new Error('body too large'));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
