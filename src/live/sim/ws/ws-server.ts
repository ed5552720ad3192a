import { createServer, type Server } from 'node:http';
import { WebSocketServer, WebSocket } from 'ws';
import { formatFixed } from '../../../core/decimal/fixed.ts';
import type { Account } from '../account/account.ts';
import { TRADING_TIERS } from '../auth/rate-counter.ts';
import { orderDescription, balanceUpdate, tradeReport, wsOrderStatus } from '../engine/ws-views.ts';
import { KrakenError } from '../engine/types.ts';
import type { KrakenSimulator, SimEvent } from '../simulator.ts';
import { OHLC_INTERVALS } from '../market/ohlc.ts';
import { raw, toJson } from '../util/raw-json.ts';
import { rfc3339Micro } from '../util/time-format.ts';
import { BookView, instrumentData, ohlcData, tickerData, tradeData } from './public-channels.ts';
import { ExecutionsStream, type ExecutionsSub, type ExecutionsTarget } from './executions-stream.ts';
import { FaultyOutbound, withNovelValues } from './outbound.ts';
import { TRADING_METHODS } from './private-methods.ts';

type Kind = 'public' | 'private';
const PUBLIC_CHANNELS = new Set(['ticker', 'book', 'trade', 'ohlc', 'instrument']);
const PRIVATE_CHANNELS = new Set(['executions', 'balances']);
const BOOK_DEPTHS = [10, 25, 100, 500, 1000];
const NOT_HERE_PRIVATE = 'Private data and trading are unavailable on this endpoint. Try ws-auth.kraken.com';
const NOT_HERE_PUBLIC = 'Public market data subscriptions are unavailable on this endpoint. Try ws.kraken.com';

type Sub =
  | { channel: 'book'; symbol: string; view: BookView }
  | { channel: 'ticker'; symbol: string; bbo: boolean; lastTop?: string }
  | { channel: 'trade'; symbol: string }
  | { channel: 'ohlc'; symbol: string; interval: number }
  | { channel: 'instrument' }
  | ExecutionsSub
  | { channel: 'balances'; account: Account; seq: number };

interface Conn {
  readonly socket: WebSocket;
  readonly kind: Kind;
  readonly subs: Map<string, Sub>;
  heartbeat?: NodeJS.Timeout;
  lastRequest: number;
}

const subKey = (channel: string, symbol?: string, interval?: number) => `${channel}|${symbol ?? ''}|${interval ?? ''}`;

/**
 * The WebSocket v2 endpoints: public market data (`wsPublicUrl`, like ws.kraken.com/v2) and private
 * data and trading (`wsPrivateUrl`, like ws-auth.kraken.com/v2), each on its own port with path /v2.
 */
export class WsServers {
  private readonly conns = new Set<Conn>();
  private readonly http: Server[] = [];
  private readonly wss: WebSocketServer[] = [];
  private readonly out: FaultyOutbound;
  private readonly executions: ExecutionsStream;
  private idleTimer?: NodeJS.Timeout;

  constructor(private readonly sim: KrakenSimulator) {
    this.out = new FaultyOutbound(sim.faults);
    this.executions = new ExecutionsStream(sim);
    sim.on((ev) => this.onSimEvent(ev));
  }

  async listen(host: string, publicPort: number, privatePort: number): Promise<{ publicUrl: string; privateUrl: string }> {
    const publicUrl = await this.listenOne(host, publicPort, 'public');
    const privateUrl = await this.listenOne(host, privatePort, 'private');
    const idleMs = 60_000;
    this.idleTimer = setInterval(() => {
      const now = Date.now();
      for (const c of this.conns) if (c.subs.size === 0 && now - c.lastRequest > idleMs) c.socket.close(1000, 'idle');
    }, 5_000);
    this.idleTimer.unref();
    return { publicUrl, privateUrl };
  }

  private listenOne(host: string, port: number, kind: Kind): Promise<string> {
    const server = createServer((_req, res) => {
      res.writeHead(426, { 'content-type': 'text/plain' });
      res.end('WebSocket endpoint: connect to /v2');
    });
    const wss = new WebSocketServer({ noServer: true });
    server.on('upgrade', (req, socket, head) => {
      if (new URL(req.url ?? '/', 'http://sim').pathname !== '/v2') {
        socket.destroy();
        return;
      }
      wss.handleUpgrade(req, socket, head, (ws) => this.onConnection(ws, kind));
    });
    this.http.push(server);
    this.wss.push(wss);
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        const addr = server.address();
        resolve(typeof addr === 'object' && addr ? `ws://${host}:${addr.port}/v2` : '');
      });
    });
  }

  /** Number of live subscriptions over all connections (lets tests wait until a request was processed). */
  subscriptionCount(): number {
    let n = 0;
    for (const c of this.conns) n += c.subs.size;
    return n;
  }

  /** Fault: terminate every connection. */
  dropAll(): void {
    for (const c of this.conns) c.socket.terminate();
  }

  async close(): Promise<void> {
    if (this.idleTimer) clearInterval(this.idleTimer);
    this.out.close();
    for (const c of this.conns) {
      if (c.heartbeat) clearInterval(c.heartbeat);
      c.socket.terminate();
    }
    for (const w of this.wss) w.close();
    await Promise.all(this.http.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  }

  // ---------------------------------------------------------------- connection lifecycle

  private onConnection(socket: WebSocket, kind: Kind): void {
    const conn: Conn = { socket, kind, subs: new Map(), lastRequest: Date.now() };
    this.conns.add(conn);
    socket.on('close', () => {
      if (conn.heartbeat) clearInterval(conn.heartbeat);
      this.conns.delete(conn);
    });
    socket.on('message', (data) => {
      conn.lastRequest = Date.now();
      this.onMessage(conn, data.toString());
    });
    this.sendControl(conn, this.statusMessage());
  }

  private statusMessage(): Record<string, unknown> {
    const id = (BigInt(this.sim.rng.nextUint32()) << 32n) | BigInt(this.sim.rng.nextUint32());
    return { channel: 'status', data: [{ api_version: 'v2', connection_id: id, system: this.sim.faults.takeNovelSystem() ?? this.sim.systemStatus(), version: '2.0.0' }], type: 'update' };
  }

  private ensureHeartbeat(conn: Conn): void {
    const ms = this.sim.options.heartbeatMs ?? 1000;
    if (conn.heartbeat || ms <= 0) return;
    conn.heartbeat = setInterval(() => {
      if (conn.subs.size > 0) this.sendControl(conn, { channel: 'heartbeat' });
    }, ms);
  }

  // ---------------------------------------------------------------- outbound (faults applied in outbound.ts)

  private sendControl(conn: Conn, msg: unknown): void {
    this.out.control(conn.socket, msg);
  }

  private sendData(conn: Conn, msg: unknown): void {
    this.out.data(conn.socket, msg);
  }

  private respond(conn: Conn, method: string, reqId: unknown, timeIn: string, body: { result?: unknown; error?: string; symbol?: string }): void {
    const msg: Record<string, unknown> = { method };
    if (typeof reqId === 'number') msg.req_id = reqId;
    if (body.error !== undefined) {
      msg.error = body.error;
      if (body.symbol !== undefined) msg.symbol = body.symbol;
      msg.success = false;
    } else {
      msg.result = body.result;
      msg.success = true;
    }
    msg.time_in = timeIn;
    msg.time_out = rfc3339Micro(this.sim.now());
    this.sendControl(conn, msg);
  }

  // ---------------------------------------------------------------- inbound

  private onMessage(conn: Conn, text: string): void {
    const timeIn = rfc3339Micro(this.sim.now());
    let msg: Record<string, unknown>;
    try {
      const parsed = JSON.parse(text) as unknown;
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
      msg = parsed as Record<string, unknown>;
    } catch {
      this.sendControl(conn, { error: 'Malformed request', success: false, time_in: timeIn, time_out: timeIn });
      return;
    }
    const method = typeof msg.method === 'string' ? msg.method : '';
    const reqId = msg.req_id;
    const params = (msg.params ?? {}) as Record<string, unknown>;
    try {
      if (method === 'ping') {
        if (msg.params !== undefined) throw new KrakenError("Unsupported field: 'params' for the given msg type: ping");
        const pong: Record<string, unknown> = { method: 'pong' };
        if (typeof reqId === 'number') pong.req_id = reqId;
        pong.time_in = timeIn;
        pong.time_out = rfc3339Micro(this.sim.now());
        this.sendControl(conn, pong);
      } else if (method === 'subscribe') this.subscribe(conn, params, reqId, timeIn);
      else if (method === 'unsubscribe') this.unsubscribe(conn, params, reqId, timeIn);
      else if (method in TRADING_METHODS) this.trade(conn, method, params, reqId, timeIn);
      else throw new KrakenError('Unsupported event');
    } catch (e) {
      if (!(e instanceof KrakenError)) throw e;
      this.respond(conn, method || 'unknown', reqId, timeIn, { error: e.krakenError });
    }
  }

  private trade(conn: Conn, method: string, params: Record<string, unknown>, reqId: unknown, timeIn: string): void {
    if (conn.kind === 'public' && this.sim.options.separateWsEndpoints !== false) throw new KrakenError(NOT_HERE_PRIVATE);
    const account = this.sim.resolveToken(params.token);
    if (!account.permissions.trade) throw new KrakenError('EGeneral:Permission denied');
    const replies = TRADING_METHODS[method](this.sim, account, params);
    if (method === 'add_order' || method === 'batch_add') {
      const placed = replies.some((r) => r.result && (Array.isArray(r.result) ? r.result.some((x: any) => x.order_id) : (r.result as any).order_id));
      const swallow = placed ? this.sim.faults.takeSwallow() : undefined;
      if (swallow === 'close') {
        conn.socket.close(1011, 'internal error');
        return;
      }
      if (swallow === 'hang') return;
    }
    for (const r of replies) this.respond(conn, method, reqId, timeIn, r);
  }

  private subscribe(conn: Conn, params: Record<string, unknown>, reqId: unknown, timeIn: string): void {
    const channel = params.channel;
    if (typeof channel !== 'string') throw new KrakenError('Unsupported event');
    const separate = this.sim.options.separateWsEndpoints !== false;
    if (PRIVATE_CHANNELS.has(channel)) {
      if (conn.kind === 'public' && separate) throw new KrakenError(NOT_HERE_PRIVATE);
      return this.subscribePrivate(conn, channel as 'executions' | 'balances', params, reqId, timeIn);
    }
    if (!PUBLIC_CHANNELS.has(channel)) throw new KrakenError('Unsupported event');
    if (conn.kind === 'private' && separate) throw new KrakenError(NOT_HERE_PUBLIC);
    const snapshot = params.snapshot === undefined ? channel !== 'trade' : params.snapshot === true;
    const now = this.sim.now();
    if (channel === 'instrument') {
      const key = subKey('instrument');
      if (conn.subs.has(key)) throw new KrakenError('Already subscribed');
      conn.subs.set(key, { channel: 'instrument' });
      this.ensureHeartbeat(conn);
      this.respond(conn, 'subscribe', reqId, timeIn, { result: { channel, snapshot, warnings: ['tick_size is deprecated, use price_increment'] } });
      if (snapshot) this.sendData(conn, { channel: 'instrument', type: 'snapshot', data: instrumentData(this.sim.catalog) });
      return;
    }
    const symbols = params.symbol;
    if (!Array.isArray(symbols) || symbols.length === 0 || symbols.some((s) => typeof s !== 'string')) throw new KrakenError('EGeneral:Invalid arguments:symbol');
    const depth = params.depth === undefined ? 10 : params.depth;
    if (channel === 'book' && !BOOK_DEPTHS.includes(depth as number)) throw new KrakenError('Subscription depth not supported');
    const interval = params.interval;
    if (channel === 'ohlc' && !(OHLC_INTERVALS as readonly unknown[]).includes(interval)) throw new KrakenError('Subscription ohlc interval not supported');
    const eventTrigger = params.event_trigger === undefined ? 'trades' : params.event_trigger;
    if (channel === 'ticker' && eventTrigger !== 'trades' && eventTrigger !== 'bbo') throw new KrakenError('EGeneral:Invalid arguments:event_trigger');
    for (const symbol of symbols as string[]) {
      const market = this.sim.catalog.wsPair(symbol) ? this.sim.markets.get(symbol) : undefined;
      if (!market) {
        this.respond(conn, 'subscribe', reqId, timeIn, { error: `Currency pair not supported ${symbol}`, symbol });
        continue;
      }
      const key = subKey(channel, symbol, channel === 'ohlc' ? (interval as number) : undefined);
      if (conn.subs.has(key)) {
        this.respond(conn, 'subscribe', reqId, timeIn, { error: 'Already subscribed', symbol });
        continue;
      }
      this.ensureHeartbeat(conn);
      if (channel === 'book') {
        const view = new BookView(market, depth as number);
        conn.subs.set(key, { channel, symbol, view });
        this.respond(conn, 'subscribe', reqId, timeIn, { result: { channel, depth, snapshot, symbol } });
        const snap = view.snapshot(now); // also primes the view when no snapshot is sent
        if (snapshot) this.sendData(conn, { channel: 'book', type: 'snapshot', data: [snap] });
      } else if (channel === 'ticker') {
        conn.subs.set(key, { channel, symbol, bbo: eventTrigger === 'bbo' });
        this.respond(conn, 'subscribe', reqId, timeIn, { result: { channel, event_trigger: eventTrigger, snapshot, symbol } });
        const data = tickerData(market, now);
        if (snapshot && data) this.sendData(conn, { channel: 'ticker', type: 'snapshot', data: [data] });
      } else if (channel === 'trade') {
        conn.subs.set(key, { channel, symbol });
        this.respond(conn, 'subscribe', reqId, timeIn, { result: { channel, snapshot, symbol } });
        if (snapshot) this.sendData(conn, { channel: 'trade', type: 'snapshot', data: market.trades.slice(-50).map((t) => tradeData(market.pair, t)) });
      } else {
        const iv = interval as number;
        conn.subs.set(key, { channel: 'ohlc', symbol, interval: iv });
        this.respond(conn, 'subscribe', reqId, timeIn, { result: { channel, interval: iv, snapshot, symbol, warnings: ['timestamp is deprecated, use interval_begin'] } });
        const candles = market.series.get(iv)?.candles ?? [];
        if (snapshot) this.sendData(conn, { channel: 'ohlc', type: 'snapshot', timestamp: rfc3339Micro(now), data: candles.slice(-720).map((c) => ohlcData(market.pair, c, iv)) });
      }
    }
  }

  private subscribePrivate(conn: Conn, channel: 'executions' | 'balances', params: Record<string, unknown>, reqId: unknown, timeIn: string): void {
    const account = this.sim.resolveToken(params.token);
    if (!account.permissions.query) throw new KrakenError('EGeneral:Permission denied');
    this.sim.markTokenUsed(params.token as string);
    const key = subKey(channel);
    if (conn.subs.has(key)) throw new KrakenError('Already subscribed');
    this.ensureHeartbeat(conn);
    if (channel === 'executions') {
      const snapOrders = (params.snap_orders ?? params.snapshot ?? true) === true;
      const snapTrades = (params.snap_trades ?? params.snapshot_trades ?? false) === true;
      const sub: Sub = { channel, account, seq: 0, statusUpdates: params.order_status !== false };
      conn.subs.set(key, sub);
      this.respond(conn, 'subscribe', reqId, timeIn, { result: { channel, maxratecount: TRADING_TIERS[account.tier].threshold, snap_orders: snapOrders, snap_trades: snapTrades } });
      if (snapOrders || snapTrades) {
        const now = this.sim.now();
        const data: unknown[] = [];
        if (snapOrders) for (const o of account.openOrders()) data.push(orderDescription(o, 'new', now));
        if (snapTrades) {
          for (const t of account.trades.slice(-50)) {
            const o = account.orders.get(t.orderId);
            if (o) data.push(tradeReport(o, t, wsOrderStatus(o)));
          }
        }
        this.sendData(conn, { channel, type: 'snapshot', data, sequence: ++sub.seq });
      }
    } else {
      const snapshot = params.snapshot !== false;
      const sub: Sub = { channel, account, seq: 0 };
      conn.subs.set(key, sub);
      this.respond(conn, 'subscribe', reqId, timeIn, { result: { channel, snapshot } });
      if (snapshot) {
        const data = [...account.balances].map(([asset, v]) => {
          const bal = raw(formatFixed(v));
          return { asset: asset.iso, asset_class: 'currency', balance: bal, wallets: [{ type: 'spot', id: 'main', balance: bal }] };
        });
        this.sendData(conn, { channel, type: 'snapshot', data, sequence: ++sub.seq });
      }
    }
  }

  private unsubscribe(conn: Conn, params: Record<string, unknown>, reqId: unknown, timeIn: string): void {
    const channel = params.channel;
    if (typeof channel !== 'string') throw new KrakenError('Unsupported event');
    if (PRIVATE_CHANNELS.has(channel) || channel === 'instrument') {
      if (PRIVATE_CHANNELS.has(channel)) this.sim.resolveToken(params.token);
      if (!conn.subs.delete(subKey(channel))) throw new KrakenError('Subscription Not Found');
      this.respond(conn, 'unsubscribe', reqId, timeIn, { result: { channel } });
      return;
    }
    const symbols = Array.isArray(params.symbol) ? (params.symbol as string[]) : [];
    if (!symbols.length) throw new KrakenError('EGeneral:Invalid arguments:symbol');
    for (const symbol of symbols) {
      const key = subKey(channel, symbol, channel === 'ohlc' ? (params.interval as number) : undefined);
      if (!conn.subs.delete(key)) this.respond(conn, 'unsubscribe', reqId, timeIn, { error: 'Subscription Not Found', symbol });
      else this.respond(conn, 'unsubscribe', reqId, timeIn, { result: { channel, symbol } });
    }
  }

  // ---------------------------------------------------------------- simulator events -> channel data

  private onSimEvent(ev: SimEvent): void {
    if (ev.kind === 'status') {
      for (const c of this.conns) this.sendControl(c, this.statusMessage());
      return;
    }
    const now = this.sim.now();
    if (ev.kind === 'market') {
      const market = this.sim.markets.get(ev.symbol);
      if (!market) return;
      for (const c of this.conns) {
        for (const sub of c.subs.values()) {
          if (!('symbol' in sub) || sub.symbol !== ev.symbol) continue;
          if (sub.channel === 'trade') this.sendData(c, { channel: 'trade', type: 'update', data: [withNovelValues(this.sim.faults, tradeData(market.pair, ev.trade), 'trade')] });
          else if (sub.channel === 'book' && ev.bookChanged) {
            const upd = sub.view.update(now);
            if (upd) {
              const corrupt = this.sim.faults.corruptBookPending > 0;
              if (corrupt) {
                this.sim.faults.corruptBookPending--;
                upd.checksum = ((upd.checksum as number) ^ 1) >>> 0;
              }
              this.sendData(c, { channel: 'book', type: 'update', data: [upd] });
            }
          } else if (sub.channel === 'ticker') {
            const data = tickerData(market, now);
            if (!data) continue;
            const top = `${toJson(data.bid)}|${toJson(data.bid_qty)}|${toJson(data.ask)}|${toJson(data.ask_qty)}`;
            if (sub.bbo && top === sub.lastTop) continue;
            sub.lastTop = top;
            this.sendData(c, { channel: 'ticker', type: 'update', data: [data] });
          } else if (sub.channel === 'ohlc') {
            const candle = ev.candles.get(sub.interval);
            if (candle) this.sendData(c, { channel: 'ohlc', type: 'update', timestamp: rfc3339Micro(now), data: [ohlcData(market.pair, candle, sub.interval)] });
          }
        }
      }
      return;
    }
    if (ev.kind === 'exec') {
      const targets: ExecutionsTarget[] = [];
      for (const c of this.conns) {
        const sub = c.subs.get(subKey('executions'));
        if (sub?.channel === 'executions') targets.push({ sub, send: (msg) => this.sendData(c, msg) });
      }
      this.executions.publish(ev, targets);
      return;
    }
    for (const c of this.conns) {
      const sub = c.subs.get(subKey('balances'));
      if (!sub || sub.channel !== 'balances' || sub.account.key !== ev.accountKey) continue;
      this.sendData(c, { channel: 'balances', type: 'update', data: [balanceUpdate(ev.entry)], sequence: ++sub.seq });
    }
  }
}
