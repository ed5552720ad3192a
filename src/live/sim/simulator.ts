import { formatFixed, parseFixed, type Fixed } from '../../core/decimal/fixed.ts';
import { Account, type AccountConfig } from './account/account.ts';
import { DEFAULT_BOOK_OPTIONS, type SyntheticBookOptions } from './book/synthetic-book.ts';
import { SimCatalog, type SimAsset } from './catalog/catalog.ts';
import { SimClock } from './clock.ts';
import { MatchingEngine, type SystemStatus } from './engine/matching-engine.ts';
import { KrakenError, type EngineEvent, type LedgerEntry, type SimOrder, type TradeRecord } from './engine/types.ts';
import { Faults } from './faults.ts';
import { loadMarketData, type LoadOptions } from './market/data-loader.ts';
import { MarketState, type PublishedTrade } from './market/market-state.ts';
import type { MarketTrade } from './market/market-trade.ts';
import type { LiveCandle } from './market/ohlc.ts';
import { RestServer } from './rest/rest-server.ts';
import { IdGenerator, SeededRandom } from './util/seeded-random.ts';
import { rfc3339Seconds } from './util/time-format.ts';
import { WsServers } from './ws/ws-server.ts';

export interface SimulatorOptions {
  /** Market data: trades already loaded, and/or files to load (see market/data-loader.ts). */
  trades?: MarketTrade[];
  /** The instrument catalog (default: Kraken's static pair table); see synthetic-market.ts for ~1,400 pairs. */
  catalog?: SimCatalog;
  files?: (LoadOptions & { path: string })[];
  /** Seed for ids, tokens and API secrets made up by the simulator (default 1). */
  seed?: number;
  accounts?: AccountConfig[];
  /** Simulator start (epoch ms). Data at or before it is warm-up history (no matching). Default: first trade. */
  startTime?: number;
  /** How much history before the start is replayed as warm-up (candles, ticker, trades); default 30 days. */
  warmupMs?: number;
  /** `manual` (default): time moves only by step()/advanceTo(). `realtime`: a wall-clock pump replays at `speed`x. */
  clock?: { mode: 'manual' } | { mode: 'realtime'; speed?: number; tickMs?: number };
  rateLimit?: { enabled?: boolean; historyCost?: number };
  fillRule?: 'through' | 'touch';
  book?: Partial<SyntheticBookOptions>;
  /** Heartbeat period on subscribed WS connections, wall-clock ms (default 1000; 0 disables). */
  heartbeatMs?: number;
  /** WS token lifetime before first use, simulator seconds (default 900). */
  tokenTtlSec?: number;
  /**
   * Strict mode (default true): reproduce Kraken's documented behaviour where it is harder on a
   * client than the simple reading: the last fill of an order reports `order_status:
   * partially_filled` and the completion comes as a separate `exec_type: filled` report (the docs'
   * executions example; README 13.5), and a stop whose trigger fires is reported with an
   * `exec_type: status` report (`triggers.status: triggered`). `strict: false` gives the old
   * loopback behaviour (the completing fill says `filled`, no trigger report).
   */
  strict?: boolean;
  /** Refuse public channels on the private endpoint and vice versa, like Kraken (default true). */
  separateWsEndpoints?: boolean;
  host?: string;
  ports?: { rest?: number; wsPublic?: number; wsPrivate?: number };
}

export type MarketEvent = {
  kind: 'market';
  symbol: string;
  trade: PublishedTrade;
  candles: Map<number, LiveCandle>;
  bookChanged: boolean;
};
export type SimEvent = EngineEvent | MarketEvent | { kind: 'status'; status: SystemStatus };

/** Read-only view of an account for tests (balances as exact decimal strings keyed by ISO code). */
export interface AccountView {
  /** Spot + Kraken Rewards (.F) per asset: what the account owns and can trade. */
  balances: Record<string, string>;
  spot: Record<string, string>;
  rewards: Record<string, string>;
  holds: Record<string, string>;
  available: Record<string, string>;
  openOrders: SimOrder[];
  closedOrders: SimOrder[];
  trades: TradeRecord[];
  ledger: LedgerEntry[];
}

/**
 * The loopback Kraken exchange: one REST server and two WebSocket v2 servers (public, private) on
 * 127.0.0.1, a replayed market per pair, accounts with exact balances, a matching engine, and fault
 * injection. See src/live/sim/README.md.
 */
export class KrakenSimulator {
  readonly catalog: SimCatalog;
  readonly markets = new Map<string, MarketState>();
  readonly accounts = new Map<string, Account>();
  readonly faults = new Faults();
  readonly clock: SimClock;
  readonly engine: MatchingEngine;
  readonly ids: IdGenerator;
  readonly rng: SeededRandom;
  readonly tokens = new Map<string, { accountKey: string; createdAt: number }>();
  readonly rest: RestServer;
  readonly ws: WsServers;
  restUrl = '';
  wsPublicUrl = '';
  wsPrivateUrl = '';
  private readonly events: MarketTrade[];
  private cursor = 0;
  private status: SystemStatus = 'online';
  private readonly listeners = new Set<(ev: SimEvent) => void>();
  private pump?: NodeJS.Timeout;

  private constructor(readonly options: SimulatorOptions) {
    this.catalog = options.catalog ?? new SimCatalog();
    this.rng = new SeededRandom(options.seed ?? 1);
    this.ids = new IdGenerator(this.rng);
    const all = [...(options.trades ?? [])];
    for (const f of options.files ?? []) for (const t of loadMarketData(f.path, this.catalog, f)) all.push(t);
    all.sort((a, b) => a.time - b.time); // stable: keeps file order for equal times
    this.events = all;
    const bookOpts = { ...DEFAULT_BOOK_OPTIONS, ...options.book };
    for (const p of this.catalog.pairs) this.markets.set(p.symbol, new MarketState(p, bookOpts));
    for (const t of all) if (!this.markets.has(t.symbol)) throw new Error(`market data for unknown pair ${t.symbol}`);
    const start = options.startTime ?? (all.length ? all[0].time : 0);
    this.clock = new SimClock(start);
    // Warm-up: history up to the start builds candles, ticker and book, without matching.
    const warmFrom = start - (options.warmupMs ?? 30 * 86_400_000);
    while (this.cursor < all.length && all[this.cursor].time <= start) {
      const t = all[this.cursor++];
      if (t.time >= warmFrom || this.cursor === all.length || all[this.cursor].time > start) this.markets.get(t.symbol)?.apply(t);
    }
    this.engine = new MatchingEngine(this.markets, this.accounts, this.clock, this.ids, {
      fillRule: options.fillRule ?? 'through',
      fillFraction: () => this.faults.fillFraction,
      systemStatus: () => this.status,
      strict: options.strict ?? true,
      emit: (ev) => this.emit(ev),
    });
    for (const a of options.accounts ?? []) this.addAccount(a);
    this.rest = new RestServer(this);
    this.ws = new WsServers(this);
    this.faults.hooks = { dropConnections: () => { this.ws.dropAll(); this.rest.dropSockets(); } };
  }

  /** Builds the simulator and starts its servers on 127.0.0.1 (ephemeral ports unless given). */
  static async start(options: SimulatorOptions = {}): Promise<KrakenSimulator> {
    const sim = new KrakenSimulator(options);
    const host = options.host ?? '127.0.0.1';
    sim.restUrl = await sim.rest.listen(host, options.ports?.rest ?? 0);
    const ws = await sim.ws.listen(host, options.ports?.wsPublic ?? 0, options.ports?.wsPrivate ?? 0);
    sim.wsPublicUrl = ws.publicUrl;
    sim.wsPrivateUrl = ws.privateUrl;
    const clock = options.clock ?? { mode: 'manual' };
    if (clock.mode === 'realtime') {
      const speed = clock.speed ?? 1;
      const wallStart = Date.now();
      const simStart = sim.clock.now();
      sim.pump = setInterval(() => sim.advanceTo(simStart + (Date.now() - wallStart) * speed), clock.tickMs ?? 50);
    }
    return sim;
  }

  async close(): Promise<void> {
    if (this.pump) clearInterval(this.pump);
    await Promise.all([this.ws.close(), this.rest.close()]);
  }

  now(): number {
    return this.clock.now();
  }

  get strict(): boolean {
    return this.options.strict ?? true;
  }

  // ---------------------------------------------------------------- time

  /** Processes the next thing that happens (a replayed trade or a timer); false when nothing is left. */
  step(): boolean {
    const nextTrade = this.cursor < this.events.length ? this.events[this.cursor].time : Infinity;
    const nextTimer = this.clock.nextTimerAt();
    if (nextTrade === Infinity && nextTimer === Infinity) return false;
    if (nextTimer <= nextTrade) this.clock.runNextTimer();
    else this.replay(this.events[this.cursor++]);
    return true;
  }

  /** Processes everything due up to `ms` (inclusive) in time order, then sets the clock to `ms`. */
  advanceTo(ms: number): void {
    for (;;) {
      const nextTrade = this.cursor < this.events.length ? this.events[this.cursor].time : Infinity;
      if (Math.min(nextTrade, this.clock.nextTimerAt()) > ms) break;
      this.step();
    }
    this.clock.set(ms);
  }

  advanceBy(ms: number): void {
    this.advanceTo(this.clock.now() + ms);
  }

  /** Remaining replay events. */
  pending(): number {
    return this.events.length - this.cursor;
  }

  /** Injects one market trade now (tests that script the market instead of replaying a file). */
  injectTrade(t: Omit<MarketTrade, 'time'> & { time?: number }): void {
    this.replay({ ...t, time: t.time ?? this.clock.now() });
  }

  private replay(t: MarketTrade): void {
    this.clock.set(t.time);
    const market = this.markets.get(t.symbol);
    if (!market) throw new Error(`unknown pair ${t.symbol}`);
    const { trade, candles, bookChanged } = market.apply(t);
    this.emit({ kind: 'market', symbol: t.symbol, trade, candles, bookChanged });
    this.engine.onMarketTrade(trade);
  }

  // ---------------------------------------------------------------- system

  systemStatus(): SystemStatus {
    return this.status;
  }

  setSystemStatus(status: SystemStatus): void {
    this.status = status;
    this.emit({ kind: 'status', status });
  }

  on(listener: (ev: SimEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(ev: SimEvent): void {
    for (const l of this.listeners) l(ev);
  }

  // ---------------------------------------------------------------- accounts

  /** Adds an account; initial balances are booked as deposit ledger entries. Secrets may be omitted (seeded). */
  addAccount(cfg: Partial<AccountConfig> & { balances?: Record<string, string> }): { key: string; secret: string } {
    const key = cfg.key ?? `SIMKEY${this.ids.token().replace(/[^A-Za-z0-9]/g, '').slice(0, 50)}`;
    const secret = cfg.secret ?? Buffer.from(this.rng.bytes(64)).toString('base64');
    if (this.accounts.has(key)) throw new Error(`account ${key} already exists`);
    const account = new Account({ ...cfg, key, secret }, this.clock.now());
    this.accounts.set(key, account);
    for (const [asset, amount] of Object.entries(cfg.balances ?? {})) this.deposit(key, asset, amount);
    return { key, secret };
  }

  /** Gives an account a credit line in `asset`, of which `used` is drawn (BalanceEx `credit`, `credit_used`). */
  setCredit(key: string, assetName: string, credit: string, used = '0'): void {
    this.requireAccount(key).credit.set(this.requireAsset(assetName), { credit: parseFixed(credit), used: parseFixed(used) });
  }

  /** Credits (or with a negative amount, withdraws) an asset; booked in the ledger and streamed on `balances`. */
  deposit(key: string, assetName: string, amount: string): void {
    const account = this.requireAccount(key);
    const variant = /^(.+)\.([A-Z])$/.exec(assetName);
    if (variant) {
      // `XBT.F` / `BTC.F`: Kraken Rewards, spendable through the base asset; `.S` `.M` `.B` `.T`: read-only.
      const base = this.requireAsset(variant[1]);
      const value = parseFixed(amount);
      if (variant[2] === 'F') account.rewards.set(base, account.reward(base) + value);
      else account.readOnly.set(`${base.altname}.${variant[2]}`, (account.readOnly.get(`${base.altname}.${variant[2]}`) ?? 0n) + value);
      return;
    }
    const asset = this.requireAsset(assetName);
    const value: Fixed = parseFixed(amount);
    const balance = account.balance(asset) + value;
    if (balance < 0n) throw new Error(`withdrawal of ${amount} ${asset.iso} exceeds the balance`);
    account.balances.set(asset, balance);
    const entry: LedgerEntry = {
      id: this.ids.next('L'),
      refid: this.ids.next('A'),
      time: this.clock.now(),
      type: value >= 0n ? 'deposit' : 'withdrawal',
      asset,
      amount: value,
      fee: 0n,
      balance,
    };
    account.ledger.push(entry);
    this.emit({ kind: 'ledger', accountKey: key, entry });
  }

  /** The exchange's view of an account, for comparing with a client's ledger. */
  account(key: string): AccountView {
    const a = this.requireAccount(key);
    const fmt = (m: Map<SimAsset, Fixed>) => Object.fromEntries([...m].map(([asset, v]) => [asset.iso, formatFixed(v)]));
    const holds = a.holds();
    const assets = new Set([...a.balances.keys(), ...a.rewards.keys()]);
    const available = new Map([...assets].map((asset) => [asset, a.available(asset)]));
    // What the account owns of each asset: spot plus Kraken Rewards (.F), which trade as the base asset.
    const owned = new Map([...assets].map((asset) => [asset, a.balance(asset) + a.reward(asset)]));
    return {
      balances: fmt(owned),
      spot: fmt(a.balances),
      rewards: fmt(a.rewards),
      holds: fmt(holds),
      available: fmt(available),
      openOrders: a.openOrders(),
      closedOrders: [...a.orders.values()].filter((o) => o.status !== 'open' && o.status !== 'pending'),
      trades: [...a.trades],
      ledger: [...a.ledger],
    };
  }

  requireAccount(key: string): Account {
    const a = this.accounts.get(key);
    if (!a) throw new Error(`no account with key ${key}`);
    return a;
  }

  private requireAsset(name: string): SimAsset {
    const a = this.catalog.asset(name);
    if (!a) throw new Error(`unknown asset ${name}`);
    return a;
  }

  // ---------------------------------------------------------------- tokens and dead man's switch

  issueToken(key: string): string {
    const token = this.ids.token();
    this.tokens.set(token, { accountKey: key, createdAt: this.clock.now() });
    return token;
  }

  /**
   * Resolves a WS token. A token must be first used within its TTL (simulator time); once used by a
   * subscription it stays valid (`markUsed`), as Kraken documents.
   */
  resolveToken(token: unknown): Account {
    if (typeof token !== 'string' || !this.tokens.has(token)) throw new KrakenError('Token(s) not found');
    const t = this.tokens.get(token) as { accountKey: string; createdAt: number; used?: boolean };
    const ttl = (this.options.tokenTtlSec ?? 900) * 1000;
    if (!t.used && this.clock.now() - t.createdAt > ttl) throw new KrakenError('ESession:Invalid session');
    return this.requireAccount(t.accountKey);
  }

  markTokenUsed(token: string): void {
    const t = this.tokens.get(token) as { used?: boolean } | undefined;
    if (t) t.used = true;
  }

  /** Dead man's switch (CancelAllOrdersAfter / cancel_all_orders_after), in simulator time. */
  cancelAllOrdersAfter(account: Account, timeoutSec: number): { currentTime: string; triggerTime: string } {
    if (!Number.isInteger(timeoutSec) || timeoutSec < 0 || timeoutSec >= 86400) throw new KrakenError('EGeneral:Invalid arguments:timeout');
    const now = this.clock.now();
    if (account.deadman) this.clock.cancel(account.deadman.timerId);
    account.deadman = undefined;
    if (timeoutSec === 0) return { currentTime: rfc3339Seconds(now), triggerTime: '0' };
    const triggerAt = now + timeoutSec * 1000;
    const timerId = this.clock.schedule(triggerAt, () => {
      account.deadman = undefined;
      this.engine.cancelAll(account, 'User requested');
    });
    account.deadman = { timerId, triggerAt };
    return { currentTime: rfc3339Seconds(now), triggerTime: rfc3339Seconds(triggerAt) };
  }
}
