import type { ServerResponse } from 'node:http';
import { dashboardState, type DashboardSources, type DashboardState } from './dashboard-view.ts';
import type { MarketRow } from './market-board.ts';
import type { CandleRow } from './market-feed.ts';

/**
 * Server-Sent Events for the dashboard. A new client gets one `snapshot` (every section, the
 * whole equity curve, every market row, the session pairs' candles); afterwards only deltas:
 * `patch` (the sections whose content changed), `equity` (new curve points), `markets` (rows
 * the market board published) and `candle`. Changes are coalesced for `throttleMs` (default
 * 50 ms), so a burst of inputs costs one state computation, and nothing is ever polled.
 */
export class PushHub {
  private readonly clients = new Set<ServerResponse>();
  private readonly sent = new Map<string, string>();
  private lastEquityTime = -Infinity;
  private readonly pendingRows = new Map<string, MarketRow>();
  private readonly pendingCandles: { pair: string; candle: CandleRow }[] = [];
  private timer: NodeJS.Timeout | undefined;
  private readonly offs: (() => void)[] = [];
  private readonly keepalive: NodeJS.Timeout;
  /** Deltas sent so far (all clients count once), for tests and the Operations page. */
  deltas = 0;

  constructor(
    private readonly src: DashboardSources,
    private readonly throttleMs = 50,
  ) {
    this.offs.push(
      src.runner.onChange(() => {
        this.schedule();
      }),
    );
    if (src.feed) {
      this.offs.push(
        src.feed.board.onRows((rows) => {
          for (const r of rows) this.pendingRows.set(r.symbol, r);
          this.schedule();
        }),
        src.feed.onCandle((pair, candle) => {
          this.pendingCandles.push({ pair, candle });
          this.schedule();
        }),
      );
    }
    this.keepalive = setInterval(() => this.write(': keepalive\n\n'), 15_000);
    this.keepalive.unref();
  }

  state(): DashboardState {
    return dashboardState(this.src);
  }

  /** Opens an event stream on `res` and sends the snapshot. */
  attach(res: ServerResponse): void {
    if (this.clients.size) this.flush(); // the others first catch up, so the shared baseline below is theirs too
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive', 'x-content-type-options': 'nosniff' });
    const state = this.state();
    this.remember(state);
    const s = this.src.runner.session;
    this.lastEquityTime = s.equity.length ? s.equity[s.equity.length - 1].time : this.lastEquityTime;
    const feed = this.src.feed;
    const snapshot = {
      state,
      equity: s.equity,
      markets: feed ? [...feed.board.rows.values()] : [],
      candles: feed ? Object.fromEntries(s.sk.instruments.map((i) => [i.symbol, feed.candlesOf(i.symbol)])) : {},
      serverTime: Date.now(),
    };
    res.write(`event: snapshot\ndata: ${JSON.stringify(snapshot)}\n\n`);
    this.clients.add(res);
    res.on('close', () => this.clients.delete(res));
  }

  private schedule(): void {
    if (this.timer || this.clients.size === 0) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flush();
    }, this.throttleMs);
  }

  /** Sends what changed since the last flush (also callable directly). */
  flush(): void {
    if (this.clients.size === 0) {
      this.pendingRows.clear();
      this.pendingCandles.length = 0;
      return;
    }
    const state = this.state();
    const patch: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(state)) {
      const json = JSON.stringify(value);
      if (this.sent.get(key) !== json) {
        patch[key] = value;
        this.sent.set(key, json);
      }
    }
    if (Object.keys(patch).length) this.send('patch', patch);
    const curve = this.src.runner.session.equity;
    const fresh = curve.filter((p) => p.time > this.lastEquityTime);
    if (fresh.length) {
      this.lastEquityTime = fresh[fresh.length - 1].time;
      this.send('equity', fresh);
    }
    if (this.pendingRows.size) {
      this.send('markets', [...this.pendingRows.values()]);
      this.pendingRows.clear();
    }
    if (this.pendingCandles.length) this.send('candles', this.pendingCandles.splice(0));
  }

  private remember(state: DashboardState): void {
    for (const [key, value] of Object.entries(state)) this.sent.set(key, JSON.stringify(value));
  }

  private send(event: string, data: unknown): void {
    this.deltas++;
    this.write(`event: ${event}\ndata: ${JSON.stringify({ data, serverTime: Date.now() })}\n\n`);
  }

  private write(text: string): void {
    for (const c of this.clients) c.write(text);
  }

  close(): void {
    if (this.timer) clearTimeout(this.timer);
    clearInterval(this.keepalive);
    for (const off of this.offs) off();
    for (const c of this.clients) c.end();
    this.clients.clear();
  }
}
