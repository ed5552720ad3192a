import { formatFixed } from '../../core/decimal/fixed.ts';
import { defaultSymbols } from '../../core/instruments/symbols.ts';
import type { JournalInput } from '../../core/journal/journal-entry.ts';
import type { SessionConfig } from '../../core/journal/session-config.ts';
import { openingCash } from '../../core/journal/session-kernel.ts';
import type { TradingMode } from '../../core/risk/risk-config.ts';
import { balancesFromBalanceEx } from '../kraken/rest/spendable-balances.ts';
import { KrakenRestClient } from '../kraken/rest/client.ts';
import { KrakenWsClient } from '../kraken/ws/client.ts';
import type { TradeMessage } from '../kraken/ws/messages/market-data.ts';
import { JournalWriter, type OpenedJournal } from '../journal/journal-writer.ts';
import type { Logger } from '../logging/logger.ts';
import { FutureStampGuard } from '../venue/clock-skew.ts';
import { armDeadman } from '../venue/deadman.ts';
import { KrakenVenue } from '../venue/kraken-venue.ts';
import { feedClock, wallClock, type RunnerClock } from './feed-clock.ts';
import { failpoint } from './failpoints.ts';
import { LiveSession } from './live-session.ts';
import type { ConnectionHealth, LiveRunnerOptions } from './runner-config.ts';
import { checkSameSession, resumeInfo, sleep, type ResumeInfo } from './session-resume.ts';
import { loadLiveStrategy } from './strategy-loader.ts';
import { loadWarmup } from './warmup.ts';

export type { ConnectionHealth, LiveRunnerOptions } from './runner-config.ts';
export type { ResumeInfo } from './session-resume.ts';

/**
 * `npm run live`: wires the live session to Kraken (or the loopback simulator): public trades
 * -> bars -> kernel; in real mode the kernel's orders go to Kraken through KrakenVenue. Every
 * input is journaled before it is processed; a restart replays the journal, then reconciles.
 */
export class LiveRunner {
  session!: LiveSession;
  venue: KrakenVenue | undefined;
  readonly clock: RunnerClock;
  readonly health: ConnectionHealth = { publicState: 'idle', privateState: null, reconnects: 0, lastTradeAt: null, lastError: null };
  config!: SessionConfig;
  restarted = false;
  /** What a restart resumed (cash, positions, open orders, last event); undefined for a new session. */
  resumed: ResumeInfo | undefined;
  balanceDrift: Record<string, string> = {};
  /** Balance comparisons done (one per successful reconciliation). */
  balanceChecks = 0;
  private journal!: JournalWriter;
  private rest!: KrakenRestClient;
  private publicWs!: KrakenWsClient;
  private privateWs: KrakenWsClient | undefined;
  private timers: NodeJS.Timeout[] = [];
  private pairIndex = new Map<string, number>();
  private lastTradeId: bigint[] = [];
  /** Wall mode only: a trade or execution stamped far ahead of the machine clock is booked at now (clock-skew.ts). */
  private readonly futureTrades = new FutureStampGuard(
    () => (this.clock.kind === 'wall' ? this.clock.now() : NaN),
    (time, now) => this.log.warn({ time: new Date(time).toISOString(), now: new Date(now).toISOString() }, 'Kraken time stamped in the future (trade or execution); booked at now'),
  );
  private stopped = false;
  /** The market connection is new and has not delivered yet: trades before it were missed. */
  private feedGap = true;
  private readonly log: Logger;
  private readonly listeners = new Set<() => void>();

  constructor(readonly opts: LiveRunnerOptions) {
    this.clock = opts.clock === 'wall' ? wallClock() : feedClock();
    this.log = opts.logger;
  }

  /** Notified after every processed input and connection change (status page). */
  onChange(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private changed(): void {
    for (const fn of this.listeners) fn();
  }

  /**
   * Starts (or resumes) the session. Transactional: a new session's journal lives at
   * `<journal>.starting` until the start has completed (warm-up journaled, trading mode set),
   * so a start that fails or is killed leaves nothing that a later start would resume.
   */
  async start(): Promise<void> {
    const opened = JournalWriter.open(this.opts.journalPath, this.opts.session, { sync: this.opts.sync, transactional: true, fdatasync: this.opts.journalFdatasync });
    for (const note of opened.notes) this.log.warn({ journal: this.opts.journalPath }, note);
    this.journal = opened.writer;
    this.journal.onSyncFailure = (err, held) => this.journalFailed(err, held);
    try {
      await this.startWith(opened);
    } catch (e) {
      if (this.journal.pending) {
        this.log.error({ journal: this.opts.journalPath, err: (e as Error).message }, 'start failed; the unfinished journal is removed');
        await this.stop().catch(() => {});
        this.journal.discard();
      }
      throw e;
    }
  }

  private async startWith(opened: OpenedJournal): Promise<void> {
    this.config = opened.header.session;
    if (opened.existing) checkSameSession(this.opts.session, this.config, this.opts.journalPath);
    const cfg = this.config;
    if (cfg.mode === 'real' && !this.opts.credentials) throw new Error('real mode needs API credentials');
    this.rest = new KrakenRestClient({
      ...this.opts.restOptions,
      baseUrl: this.opts.restUrl,
      credentials: this.opts.credentials,
      nonceStateDir: this.opts.credentials ? this.opts.nonceStateDir : undefined,
      logger: { debug: () => {}, info: () => {}, warn: (f: object, m: string) => this.log.warn(f, m), error: (f: object, m: string) => this.log.error(f, m) },
    });
    const strategy = await loadLiveStrategy(cfg.strategy, cfg.params);
    if (cfg.mode === 'real') {
      const rest = this.rest;
      // One token per connection (the WS client caches it); one trading-rate model for WS and REST orders.
      this.privateWs = new KrakenWsClient({ ...this.opts.wsOptions, url: this.opts.wsPrivateUrl, getToken: async () => (await rest.getWebSocketsToken()).token, rateLimiter: rest.rateLimiter });
      this.venue = new KrakenVenue({
        ws: this.privateWs,
        rest: this.rest,
        emit: (ev) => {
          failpoint('venue-event');
          return this.session.onVenueEvent(ev);
        },
        openKernelOrders: () => this.session.kernel.openOrderList(),
        isOurs: (cid) => cid.startsWith(`${cfg.clientIdPrefix}-`),
        log: this.log,
        now: () => this.eventNow(),
        settleAfterMs: this.opts.settleAfterMs,
        // Group commit: an order or cancel leaves only once the input that caused it is on disk.
        whenDurable: (send) => this.journal.afterDurable(send),
        onSent: this.opts.onOrderSent,
        futureGuard: this.futureTrades,
      });
    }
    this.session = new LiveSession(cfg, strategy, this.journal, {
      venue: this.venue,
      log: this.log,
      onInput: () => this.changed(),
      onOrderClosed: (o) => this.log.info({ cid: o.clientId, status: o.status, reason: o.reason, filledQty: formatFixed(o.filledQty) }, 'order closed'),
      onFill: (f) => this.log.info({ cid: f.clientId, execId: f.execId, qty: formatFixed(f.qty), price: formatFixed(f.price), fee: formatFixed(f.fee) }, 'fill booked'),
    });
    this.session.sk.instruments.forEach((inst, i) => this.pairIndex.set(inst.symbol, i));
    this.lastTradeId = this.session.sk.instruments.map(() => -1n);

    if (opened.existing) {
      this.restarted = true;
      this.session.replay(opened.existing.entries);
      this.clock.observe(this.session.lastInputTime);
      this.resumed = resumeInfo(this.session, opened.existing.entries);
      this.log.info({ tornTail: opened.existing.tornTail, hash: this.session.kernel.hash(), ...this.resumed }, 'journal replayed; resuming');
    }
    if (this.venue) {
      this.venue.live = true;
      // Reconciliation asks the venue for everything since the journal's last input (a restart) or the start.
      this.venue.checkpoint = this.session.lastInputTime;
    }
    if (this.privateWs) {
      this.privateWs.on('state', (s) => {
        this.health.privateState = s.state;
        if (s.state === 'subscribed' && this.session.started) this.reconcileLater('private socket (re)subscribed');
        this.changed();
      });
      this.privateWs.on('client_error', (e) => (this.health.lastError = String((e.error as Error)?.message ?? e.error)));
      this.health.unknownValues = this.privateWs.unknownValues.view;
      this.privateWs.on('unknown_value', (u) => this.log.warn({ field: u.field, value: u.value, frame: u.raw }, 'Kraken sent a value this client does not know; kept as "unknown", frame processed'));
      this.privateWs.connect();
      this.privateWs.subscribe({ channel: 'executions', snap_orders: false, snap_trades: false });
    }
    if (!opened.existing) {
      await this.begin();
      if (this.venue) this.venue.checkpoint = this.session.lastInputTime;
      this.journal.commit();
    } else if (cfg.mode === 'real') {
      await sleep(this.opts.restartSettleMs ?? 5_000);
      await this.reconcile('restart');
    }
    this.connectFeed();
    this.startTimers();
  }

  /** Event time for inputs that carry none of their own (acks, mode changes). */
  eventNow(): number {
    const t = this.clock.now();
    return Number.isFinite(t) ? t : this.session.kernel.now();
  }

  private async begin(): Promise<void> {
    const cfg = this.config;
    const server = (await this.rest.time()).unixtime * 1000;
    this.clock.observe(server);
    const now = this.clock.now();
    const infos = this.session.sk.instruments.map((i) => ({ symbol: i.symbol, restName: defaultSymbols.info(i.symbol).altname }));
    const warm = await loadWarmup(this.rest, infos, this.session.sk.intervalMs / 60_000, now, this.opts.warmupBars ?? 720);
    const t0 = warm.length ? warm[0].openTime : now;
    const quote = this.session.sk.instruments[0].quote;
    let venueBalances: Record<string, bigint> = {};
    if (cfg.mode === 'real') venueBalances = await this.venueBalances();
    const cash = cfg.mode === 'real' ? (venueBalances[quote] ?? 0n) : openingCash(cfg);
    if (cash > 0n) this.session.record({ k: 'deposit', time: t0, asset: quote, amount: cash });
    this.session.record({ k: 'start', time: t0 });
    for (const input of this.opts.openingInputs?.(t0) ?? []) if (!this.session.record(input)) throw new Error(`the session refused its opening ${input.k} input; see the journal's refused entry`);
    const targetMode = (cfg.risk as { mode?: TradingMode }).mode ?? 'active';
    this.session.record({ k: 'mode', time: t0, mode: 'halted', reason: 'warm-up' });
    for (const c of warm) this.session.record({ k: 'candle', candle: c });
    const tEnd = this.session.timeFor(t0);
    if (cfg.mode === 'real') {
      for (const inst of this.session.sk.instruments) {
        const amount = venueBalances[inst.base] ?? 0n;
        if (amount > 0n && Number.isFinite(this.session.kernel.lastPrice(inst.symbol))) this.session.record({ k: 'deposit', time: tEnd, asset: inst.base, amount });
        else if (amount > 0n) this.log.warn({ asset: inst.base, amount: formatFixed(amount) }, 'venue holds this asset but no warm-up price exists; not tracked');
      }
    }
    this.session.record({ k: 'mode', time: tEnd, mode: targetMode, reason: 'warm-up done' });
    this.log.info({ bars: warm.length, from: new Date(t0).toISOString() }, 'warm-up loaded');
  }

  /** Balances at the venue, by ISO asset code, for the assets this session trades. */
  async venueBalances(): Promise<Record<string, bigint>> {
    // BalanceEx, with Kraken Rewards (.F) counted and read-only variants not (spendable-balances.ts).
    const all = balancesFromBalanceEx(await this.rest.balanceEx());
    const out: Record<string, bigint> = {};
    for (const inst of this.session.sk.instruments) {
      for (const iso of [inst.base, inst.quote]) if (all[iso]) out[iso] = all[iso].total;
    }
    return out;
  }

  /** Real mode: settles orders with the venue, then compares balances. Returns correcting events emitted. */
  async reconcile(why: string): Promise<number> {
    if (!this.venue || this.stopped) return 0;
    try {
      const n = await this.venue.reconcile(why);
      if (n) this.log.warn({ why, events: n }, 'reconciliation emitted correcting events');
      await this.checkBalances();
      return n;
    } catch (e) {
      this.health.lastError = (e as Error).message;
      this.log.warn({ why, err: (e as Error).message }, 'reconciliation failed; will retry');
      return 0;
    }
  }

  /**
   * Compares the ledger with the venue's balances at every reconciliation, open orders or not.
   * Kraken's Balance is the total, funds held by open orders included, so the ledger's balance
   * is what it must equal (what is free of holds, ledger - holds, is not what Balance reports).
   * A fill that lands between the trade listing and the balance read shows as a difference for
   * one moment, so a difference is confirmed by a second round (orders, trades and balances
   * read again) before it is reported.
   */
  /** Starts a reconciliation nobody waits for; its failure is recorded, never an unhandled rejection. */
  reconcileLater(why: string): void {
    this.reconcile(why).catch((e: unknown) => {
      this.health.lastError = (e as Error).message;
      this.log.error({ why, err: (e as Error).message }, 'reconciliation crashed');
    });
  }

  private async checkBalances(): Promise<void> {
    let drift = await this.balanceDifference();
    if (Object.keys(drift).length && this.venue) {
      await this.venue.reconcile('confirming a balance difference');
      drift = await this.balanceDifference();
    }
    this.balanceDrift = drift;
    this.balanceChecks++;
    if (Object.keys(drift).length) this.log.error({ drift }, 'ledger differs from venue balances');
  }

  private async balanceDifference(): Promise<Record<string, string>> {
    const venue = await this.venueBalances();
    const drift: Record<string, string> = {};
    const assets = new Set([...Object.keys(venue), ...this.session.sk.instruments.flatMap((i) => [i.base, i.quote])]);
    for (const asset of assets) {
      const v = venue[asset] ?? 0n;
      const mine = this.session.kernel.ledger.balance(asset);
      if (mine !== v) drift[asset] = formatFixed(v - mine);
    }
    return drift;
  }

  private connectFeed(): void {
    const ws = new KrakenWsClient({ ...this.opts.wsOptions, url: this.opts.wsPublicUrl });
    this.publicWs = ws;
    ws.on('state', (s) => {
      const prev = this.health.publicState;
      this.health.publicState = s.state;
      // Only a new connection can have missed trades. `subscribed` also returns after a mere
      // resubscribe on the live socket (a book resync, an added channel): the trade stream
      // never stopped then, and treating it as a restart would drop a complete bar.
      if (s.state === 'connecting') this.feedGap = true;
      if (s.state === 'subscribed') this.closeFeedGap();
      if (s.state === 'reconnecting' && prev !== 'reconnecting') {
        this.health.reconnects++;
        failpoint('reconnecting');
      }
      this.log.info({ state: s.state, reason: s.reason }, 'market feed');
      this.changed();
    });
    ws.on('trade', (m) => this.onTrades(m));
    ws.on('client_error', (e) => (this.health.lastError = String((e.error as Error)?.message ?? e.error)));
    ws.connect();
    ws.subscribe({ channel: 'trade', symbol: this.session.sk.instruments.map((i) => i.symbol), snapshot: false });
  }

  /** The new connection delivers again: bars that began before now may have missed trades. */
  private closeFeedGap(): void {
    if (!this.feedGap) return;
    this.feedGap = false;
    this.session.bars.feedRestarted(this.clock.kind === 'wall' ? this.clock.now() : undefined);
  }

  private onTrades(m: TradeMessage): void {
    this.closeFeedGap(); // trades before the acknowledgement (a lost ack) still mark the gap
    for (const t of m.data) {
      const p = this.pairIndex.get(t.symbol);
      if (p === undefined) continue;
      if (t.trade_id <= this.lastTradeId[p]) continue; // duplicate or replayed frame
      this.lastTradeId[p] = t.trade_id;
      const time = this.futureTrades.check(Date.parse(t.timestamp));
      this.clock.observe(time);
      this.health.lastTradeAt = time;
      this.session.onTrade(p, time, Number(t.price), Number(t.qty));
    }
  }

  private startTimers(): void {
    const every = (ms: number, fn: () => void) => {
      const t = setInterval(fn, ms);
      t.unref();
      this.timers.push(t);
    };
    const grace = this.clock.kind === 'wall' ? (this.opts.barGraceMs ?? 2_000) : 0;
    every(this.opts.tickMs ?? 250, () => {
      const now = this.clock.now();
      if (Number.isFinite(now)) this.session.onClock(now - grace);
    });
    if (this.privateWs && (this.opts.deadmanSec ?? 60) > 0) {
      const sec = this.opts.deadmanSec ?? 60;
      // Over WS, or REST when the socket is down (deadman.ts).
      const arm = (): void => {
        armDeadman(this.privateWs, this.rest, sec, this.log).then(
          (via) => (this.health.deadmanVia = via),
          (err: unknown) => this.log.warn({ err: String(err) }, 'arming the dead man\'s switch failed'),
        );
      };
      arm();
      every(Math.max(1000, (sec * 1000) / 3), arm);
    }
    if (this.venue && (this.opts.reconcileEveryMs ?? 60_000) > 0) every(this.opts.reconcileEveryMs ?? 60_000, () => this.reconcileLater('periodic'));
  }

  /** Kill switch: halted (cancels open orders, no new ones), reducing-only, or active again. */
  setMode(mode: TradingMode, reason: string): void {
    this.log.warn({ mode, reason }, 'kill switch');
    this.session.setMode(this.eventNow(), mode, reason);
  }

  /** One strategy's kill switch (its open orders canceled, no new ones) while the others trade; the refusal's reason, if refused. */
  setStrategyHalted(strategyId: string, halted: boolean, reason: string): string | undefined {
    this.log.warn({ strategyId, halted, reason }, 'strategy kill switch');
    return this.session.setStrategyHalted(this.eventNow(), strategyId, halted, reason);
  }

  /** Validates, then journals and processes `input`; false when it was refused (journaled as `refused`). */
  record(input: JournalInput): boolean {
    return this.session.record(input);
  }

  /** Nothing more can be journaled: say so once, with what was not sent, and stop the session. */
  private journalFailed(err: Error, held: number): void {
    const reason = `journal ${this.opts.journalPath}: an fdatasync failed (${err.message}); ${held} held order command(s) were not sent; the session stops (restart to replay what is durable and reconcile)`;
    this.health.lastError = reason;
    this.log.error({ journal: this.opts.journalPath, held, err: err.message }, 'journal not durable: stopping');
    this.opts.onFatal?.(reason);
    this.stop().catch((e: unknown) => this.log.error({ err: (e as Error).message }, 'stopping after the journal failure failed'));
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    for (const t of this.timers) clearInterval(t);
    // Group commit: commands held until their inputs are durable go out before the sockets close.
    const journal = this.journal;
    if (journal && !journal.failed) await new Promise<void>((resolve) => journal.afterDurable(resolve, resolve));
    this.venue?.stop();
    this.publicWs?.close();
    if (this.privateWs) {
      if ((this.opts.deadmanSec ?? 60) > 0) await armDeadman(this.privateWs, this.rest, 0, this.log);
      this.privateWs.close();
    }
    await this.rest?.close().catch(() => {});
    this.journal?.close();
  }
}
