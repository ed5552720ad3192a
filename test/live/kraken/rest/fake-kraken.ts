/**
 * A throwaway Kraken REST server for the client's tests (the full simulator lives elsewhere).
 * Verifies API-Key, API-Sign (with our sign.ts over the raw received body) and strictly
 * increasing nonces, optionally models the REST call counter on an injected clock, answers
 * from fixtures, keeps a tiny order store for AddOrder/OpenOrders/ClosedOrders, and plays
 * scripted faults per method: API errors, raw bodies/5xx pages, hangs and dropped connections.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { signKrakenRequest } from '../../../../src/live/kraken/auth/sign.ts';
import type { Clock } from '../../../../src/live/kraken/rest/clock.ts';
import { fixture } from './fixtures.ts';

export type Behaviour =
  | { readonly kind: 'json'; readonly body: unknown; readonly status?: number }
  | { readonly kind: 'errors'; readonly errors: readonly string[]; readonly status?: number; readonly result?: unknown }
  | { readonly kind: 'raw'; readonly status: number; readonly body: string; readonly contentType?: string }
  /** Never answer. With `execute`, the default handler's side effects (placing the order) happen first. */
  | { readonly kind: 'hang'; readonly execute?: boolean }
  /** Destroy the socket after reading the request. `execute` as for hang. */
  | { readonly kind: 'drop'; readonly execute?: boolean }
  | { readonly kind: 'default' };

export interface RecordedRequest {
  readonly method: string;
  readonly httpMethod: string;
  readonly path: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
  readonly params: URLSearchParams;
  readonly signatureValid: boolean | undefined;
}

export interface FakeKrakenOptions {
  readonly apiKey: string;
  readonly secret: string;
  /** Model the REST call counter (max/decay) on this clock; omitted = no counter. */
  readonly counter?: { readonly clock: Clock; readonly max: number; readonly decayPerSecond: number };
}

type Order = Record<string, unknown>;

const PUBLIC_FIXTURES: Record<string, string> = {
  Time: 'rest-Time.json',
  SystemStatus: 'rest-SystemStatus.json',
  Assets: 'rest-Assets-sample.json',
  AssetPairs: 'rest-AssetPairs-sample.json',
  Ticker: 'rest-Ticker.json',
  OHLC: 'rest-OHLC-sample.json',
  Depth: 'rest-Depth.json',
  Trades: 'rest-Trades.json',
};
const PRIVATE_FIXTURES: Record<string, string> = {
  Balance: 'rest-Balance.json',
  BalanceEx: 'rest-BalanceEx.json',
  TradeBalance: 'rest-TradeBalance.json',
  QueryOrders: 'rest-QueryOrders.json',
  TradesHistory: 'rest-TradesHistory.json',
  Ledgers: 'rest-Ledgers.json',
  CancelAll: 'rest-CancelAll.json',
  CancelAllOrdersAfter: 'rest-CancelAllOrdersAfter.json',
  GetWebSocketsToken: 'rest-GetWebSocketsToken.json',
};
const HISTORY = new Set(['Ledgers', 'QueryLedgers', 'TradesHistory', 'QueryTrades']);
const MATCHING_ENGINE = new Set(['AddOrder', 'CancelOrder']);

export class FakeKraken {
  readonly requests: RecordedRequest[] = [];
  /** Orders placed through AddOrder, by txid. */
  readonly orders = new Map<string, Order>();
  /** Highest counter level seen after admitting a call. */
  maxCounterSeen = 0;
  readonly #scripts = new Map<string, Behaviour[]>();
  readonly #handlers = new Map<string, (req: RecordedRequest) => Behaviour>();
  #lastNonce = 0n;
  #counter = 0;
  #counterAt = 0;
  #seq = 0;
  private constructor(
    private readonly server: Server,
    readonly url: string,
    private readonly options: FakeKrakenOptions,
  ) {
    this.#counterAt = options.counter?.clock.now() ?? 0;
  }

  static async start(options: FakeKrakenOptions): Promise<FakeKraken> {
    const holder: { fake?: FakeKraken } = {};
    const server = createServer((req, res) => void holder.fake!.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    holder.fake = new FakeKraken(server, `http://127.0.0.1:${port}`, options);
    return holder.fake;
  }

  /** Queue behaviours for the next calls of `method` (consumed in order, then defaults resume). */
  script(method: string, ...behaviours: Behaviour[]): void {
    this.#scripts.set(method, [...(this.#scripts.get(method) ?? []), ...behaviours]);
  }

  /** Replace the default handler of a method. */
  on(method: string, handler: (req: RecordedRequest) => Behaviour): void {
    this.#handlers.set(method, handler);
  }

  calls(method: string): RecordedRequest[] {
    return this.requests.filter((r) => r.method === method);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://x');
    const match = /^\/0\/(public|private)\/(\w+)$/.exec(url.pathname);
    const isPrivate = match?.[1] === 'private';
    const params = isPrivate ? new URLSearchParams(body) : url.searchParams;
    const recorded: RecordedRequest = {
      method: match?.[2] ?? url.pathname,
      httpMethod: req.method ?? '',
      path: url.pathname,
      headers: req.headers,
      body,
      params,
      signatureValid: isPrivate ? this.verify(url.pathname, body, req.headers) : undefined,
    };
    this.requests.push(recorded);
    if (!match) return send(res, 404, { error: ['EGeneral:Unknown method'] });

    if (isPrivate) {
      const authError = this.authenticate(recorded);
      if (authError) return send(res, 200, { error: [authError] });
    }
    const scripted = this.#scripts.get(recorded.method)?.shift();
    const behaviour = scripted && scripted.kind !== 'default' ? scripted : this.defaultBehaviour(recorded);
    if ((behaviour.kind === 'hang' || behaviour.kind === 'drop') && behaviour.execute) this.defaultBehaviour(recorded);
    this.respond(res, behaviour);
  }

  private respond(res: ServerResponse, b: Behaviour): void {
    switch (b.kind) {
      case 'json':
        return send(res, b.status ?? 200, b.body);
      case 'errors':
        return send(res, b.status ?? 200, b.result === undefined ? { error: b.errors } : { error: b.errors, result: b.result });
      case 'raw':
        res.writeHead(b.status, { 'content-type': b.contentType ?? 'text/html' });
        res.end(b.body);
        return;
      case 'hang':
        return; // the socket stays open until the client gives up or close() runs
      case 'drop':
        res.socket?.destroy();
        return;
      case 'default':
        throw new Error('unreachable');
    }
  }

  private verify(path: string, body: string, headers: IncomingMessage['headers']): boolean {
    const nonce = new URLSearchParams(body).get('nonce') ?? '';
    const expected = signKrakenRequest({ uriPath: path, nonce, postData: body }, this.options.secret);
    return headers['api-sign'] === expected;
  }

  private authenticate(r: RecordedRequest): string | undefined {
    if (r.headers['api-key'] !== this.options.apiKey) return 'EAPI:Invalid key';
    if (!r.signatureValid) return 'EAPI:Invalid signature';
    const nonceText = r.params.get('nonce') ?? '';
    if (!/^\d+$/.test(nonceText) || BigInt(nonceText) <= this.#lastNonce) return 'EAPI:Invalid nonce';
    this.#lastNonce = BigInt(nonceText);
    const c = this.options.counter;
    if (c && !MATCHING_ENGINE.has(r.method)) {
      const now = c.clock.now();
      this.#counter = Math.max(0, this.#counter - ((now - this.#counterAt) / 1000) * c.decayPerSecond);
      this.#counterAt = now;
      const cost = HISTORY.has(r.method) ? 2 : 1;
      if (this.#counter + cost > c.max + 1e-9) return 'EAPI:Rate limit exceeded';
      this.#counter += cost;
      this.maxCounterSeen = Math.max(this.maxCounterSeen, this.#counter);
    }
    return undefined;
  }

  private defaultBehaviour(r: RecordedRequest): Behaviour {
    const custom = this.#handlers.get(r.method);
    if (custom) return custom(r);
    const pub = PUBLIC_FIXTURES[r.method];
    if (pub) return { kind: 'json', body: fixture(pub) };
    switch (r.method) {
      case 'AddOrder':
        return this.addOrder(r.params);
      case 'OpenOrders':
        return this.listOrders(r.params, 'open');
      case 'ClosedOrders':
        return this.listOrders(r.params, 'closed');
      case 'CancelOrder':
        return this.cancelOrder(r.params);
    }
    const priv = PRIVATE_FIXTURES[r.method];
    if (priv) return { kind: 'json', body: fixture(priv) };
    return { kind: 'errors', errors: ['EGeneral:Unknown method'], status: 404 };
  }

  private addOrder(p: URLSearchParams): Behaviour {
    const descr = { order: `${p.get('type')} ${p.get('volume')} ${p.get('pair')} @ ${p.get('ordertype')} ${p.get('price') ?? ''}`.trim() };
    if (p.get('validate') === 'true') return { kind: 'json', body: { error: [], result: { descr } } };
    const clOrdId = p.get('cl_ord_id');
    if (clOrdId !== null && [...this.orders.values()].some((o) => o.cl_ord_id === clOrdId && o.status === 'open')) {
      return { kind: 'errors', errors: ['EGeneral:Invalid arguments:cl_ord_id'] };
    }
    const txid = `OFAKE${String(++this.#seq).padStart(1, '0')}-AAAAA-BBBBBB`;
    const isMarket = p.get('ordertype') === 'market';
    this.orders.set(txid, {
      refid: null,
      userref: p.has('userref') ? Number(p.get('userref')) : null,
      cl_ord_id: clOrdId,
      status: isMarket ? 'closed' : 'open',
      opentm: 1700000000.5,
      starttm: 0,
      expiretm: 0,
      ...(isMarket ? { closetm: 1700000000.6, reason: null } : {}),
      descr: { pair: p.get('pair'), type: p.get('type'), ordertype: p.get('ordertype'), price: p.get('price') ?? '0', price2: '0', leverage: 'none', order: descr.order, close: '' },
      vol: p.get('volume'),
      vol_exec: isMarket ? p.get('volume') : '0.00000000',
      cost: '0',
      fee: '0',
      price: '0',
      stopprice: '0',
      limitprice: '0',
      misc: '',
      oflags: p.get('oflags') ?? '',
    });
    return { kind: 'json', body: { error: [], result: { descr, txid: [txid] } } };
  }

  private listOrders(p: URLSearchParams, which: 'open' | 'closed'): Behaviour {
    const want = (o: Order): boolean =>
      (which === 'open' ? o.status === 'open' || o.status === 'pending' : o.status !== 'open' && o.status !== 'pending') &&
      (!p.has('cl_ord_id') || o.cl_ord_id === p.get('cl_ord_id')) &&
      (!p.has('userref') || o.userref === Number(p.get('userref')));
    const base: Record<string, Order> = p.has('cl_ord_id') || p.has('userref') ? {} : { ...fixture(`rest-${which === 'open' ? 'OpenOrders' : 'ClosedOrders'}.json`).result[which] };
    for (const [id, o] of this.orders) if (want(o)) base[id] = o;
    const result = which === 'open' ? { open: base } : { closed: base, count: Object.keys(base).length };
    return { kind: 'json', body: { error: [], result } };
  }

  private cancelOrder(p: URLSearchParams): Behaviour {
    const ref = p.get('txid') ?? p.get('cl_ord_id');
    for (const [id, o] of this.orders) {
      if ((id === ref || o.cl_ord_id === ref) && o.status === 'open') {
        o.status = 'canceled';
        return { kind: 'json', body: { error: [], result: { count: 1 } } };
      }
    }
    return { kind: 'errors', errors: ['EOrder:Unknown order'] };
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
