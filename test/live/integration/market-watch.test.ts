/**
 * WatchFeed against the simulator: a scripted market of a few pairs, one trade per pair per
 * minute, driven minute by minute. Simulator time (advanceTo) and client time (ManualScheduler)
 * move in lockstep; after each move a ping round trip makes sure every frame the simulator sent
 * (market data, subscription acks) reached the client before time moves again.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseFixed } from '../../../src/core/decimal/fixed.ts';
import { MarketWatch, type MarketWatchOptions, type WatchDecision } from '../../../src/live/kraken/watch/index.ts';
import { WatchFeed, type WatchFeedOptions } from '../../../src/live/kraken/watch/watch-feed.ts';
import { KrakenWsClient } from '../../../src/live/kraken/ws/client.ts';
import { ManualScheduler } from '../../../src/live/kraken/ws/scheduler.ts';
import type { MarketTrade } from '../../../src/live/sim/market/market-trade.ts';
import { KrakenSimulator } from '../../../src/live/sim/simulator.ts';
import { subscribed, T0, within } from './harness.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;
const FAR = 365 * 24 * HOUR; // client watchdog/ping/request timers never fire while the test jumps time

const WATCH: MarketWatchOptions = {
  maxFocus: 2,
  pinned: ['BTC/USD'],
  scoutFlushMs: 5 * MIN,
  promoteMomentum: 0.03,
  // Low enough that a focus pair whose volume were counted twice (ticker + its own trades) would
  // look hot for ever and never be demoted; a steady tape reads exactly x1.
  promoteVolumeAcceleration: 1.5,
  demoteAfterQuietMs: 30 * MIN,
  activity: { momentumWindowMs: HOUR, volumeIntervalMs: 5 * MIN, volumeLookbackIntervals: 12, sampleMs: MIN },
};

/** Price and quantity (as exact text) of a pair's trade in a minute; undefined for no trade. */
type Tape = (symbol: string, minute: number) => { price: string; qty: string } | undefined;

interface Observation {
  readonly minute: number;
  readonly focus: string[];
  /** `channel|symbol` the simulator acknowledged and has not since confirmed unsubscribed. */
  readonly active: string[];
  readonly simSubscriptions: number;
}

interface Run {
  readonly decisions: WatchDecision[];
  readonly recent: readonly WatchDecision[];
  readonly observations: Map<number, Observation>;
  /** Minute (of the loop) in which the client received each trade event, per symbol. */
  readonly tradesReceived: Map<string, number[]>;
  readonly errors: string[];
}

function trades(symbols: readonly string[], tape: Tape, minutes: number): MarketTrade[] {
  const out: MarketTrade[] = [];
  for (let m = 0; m < minutes; m++) {
    symbols.forEach((symbol, i) => {
      const t = tape(symbol, m);
      if (t) out.push({ symbol, time: T0 + m * MIN + 30_000 + i * 100, price: parseFixed(t.price), qty: parseFixed(t.qty), side: 'buy', ordType: 'market' });
    });
  }
  return out;
}

const open: { sim?: KrakenSimulator; client?: KrakenWsClient; feed?: WatchFeed }[] = [];

async function closeAll(): Promise<void> {
  for (const o of open.splice(0)) {
    o.feed?.stop();
    o.client?.close();
    await o.sim?.close();
  }
}

async function setup(symbols: readonly string[], tape: Tape, minutes: number, feedOptions: WatchFeedOptions = {}) {
  const sim = await KrakenSimulator.start({ trades: trades(symbols, tape, minutes), startTime: T0, heartbeatMs: 0 });
  const scheduler = new ManualScheduler(T0);
  const client = new KrakenWsClient({ url: sim.wsPublicUrl, scheduler, random: () => 0.5, staleAfterMs: FAR, pingIntervalMs: FAR, requestTimeoutMs: FAR });
  const watch = new MarketWatch(symbols, WATCH, T0);
  const decisions: WatchDecision[] = [];
  const errors: string[] = [];
  const feed = new WatchFeed(client, watch, { tickMs: MIN, onDecision: (d) => decisions.push(d), onError: (e) => errors.push(e.message), ...feedOptions });
  open.push({ sim, client, feed });
  client.on('protocol_error', (e) => errors.push(`protocol_error: ${e.message}`));
  client.on('client_error', (e) => errors.push(`client_error ${e.context}: ${String(e.error)}`));
  const active = new Set<string>();
  client.on('subscription', (s) => {
    if (s.kind === 'acknowledged') active.add(`${s.channel}|${s.symbol}`);
    else if (s.kind === 'unsubscribed') active.delete(`${s.channel}|${s.symbol}`);
    else errors.push(`subscription failed ${s.channel} ${s.symbol}: ${s.error}`);
  });
  feed.start();
  client.connect();
  await subscribed(client);
  /** Everything the simulator sent before this call has reached the client. */
  const barrier = async (): Promise<void> => {
    expect(await within(client.ping(), 'pong')).toBeTypeOf('number');
  };
  return { sim, scheduler, client, watch, feed, decisions, errors, active, barrier };
}

/** Drives `minutes` one-minute steps: market trades of minute m, then the feed's tick at the end of minute m. */
async function runScenario(symbols: readonly string[], tape: Tape, minutes: number, feedOptions: WatchFeedOptions = {}): Promise<Run> {
  const { sim, scheduler, client, watch, feed, decisions, errors, active, barrier } = await setup(symbols, tape, minutes, feedOptions);
  let minute = 0;
  const tradesReceived = new Map<string, number[]>(symbols.map((s) => [s, []]));
  client.on('trade', (msg) => msg.data.forEach((d) => tradesReceived.get(d.symbol)?.push(minute)));
  const observations = new Map<number, Observation>();
  const observe = (m: number) => observations.set(m, { minute: m, focus: watch.focus(), active: [...active].sort(), simSubscriptions: sim.ws.subscriptionCount() });
  observe(0);
  for (; minute < minutes; minute++) {
    sim.advanceTo(T0 + (minute + 1) * MIN);
    await barrier();
    scheduler.advance(MIN); // the feed ticks at T0 + (minute + 1) min and may (un)subscribe
    await barrier();
    observe(minute + 1);
  }
  return { decisions, recent: feed.recent(), observations, tradesReceived, errors };
}

const kinds = (ds: readonly WatchDecision[]) => ds.map((d) => `${d.kind} ${d.symbol} @${(d.at - T0) / MIN}`);
const focusSubs = (symbol: string) => [`book|${symbol}`, `trade|${symbol}`];

afterEach(closeAll);

describe('WatchFeed on the simulator: momentum movers, cap, demotion', () => {
  // BTC pinned and flat. ETH +5 % in minutes 65-71, then back: promoted at the 70 min scout flush,
  // hot until its last 2100 print is sampled (72), quiet from then, demoted 30 min later (102).
  // SOL +5 % from minute 80 on: every flush while BTC+ETH fill the two slots skips it; the first
  // flush after ETH left (105) promotes it.
  const SYMBOLS = ['BTC/USD', 'ETH/USD', 'SOL/USD'];
  const tape: Tape = (s, m) => {
    if (s === 'BTC/USD') return { price: '30000.0', qty: '1' };
    if (s === 'ETH/USD') return { price: m >= 65 && m <= 71 ? '2100.00' : '2000.00', qty: '1' };
    return { price: m >= 80 ? '105.00' : '100.00', qty: '1' };
  };
  let run: Run;
  beforeAll(async () => {
    run = await runScenario(SYMBOLS, tape, 108, { recentLimit: 4 });
  }, 30_000);
  afterAll(closeAll);
  const at = (m: number): Observation => {
    const o = run.observations.get(m);
    if (!o) throw new Error(`no observation at minute ${m}`);
    return o;
  };

  it('makes exactly the expected decisions, in order', () => {
    expect(kinds(run.decisions)).toEqual([
      'promote ETH/USD @70',
      'promotion_skipped SOL/USD @85',
      'promotion_skipped SOL/USD @90',
      'promotion_skipped SOL/USD @95',
      'promotion_skipped SOL/USD @100',
      'demote ETH/USD @102',
      'promote SOL/USD @105',
    ]);
    expect(run.errors).toEqual([]);
  });

  it('gives each decision its reasons', () => {
    const [promote, skipped] = run.decisions;
    expect(promote.reasons).toEqual([expect.stringMatching(/^1h momentum \+5\.00% crosses ±3\.00%$/)]);
    expect(skipped.reasons).toEqual([expect.stringMatching(/^1h momentum \+5\.00% crosses/), 'focus full (2/2)']);
    expect(run.decisions[5].reasons).toEqual([expect.stringMatching(/^quiet for 1800000 ms \(limit 1800000 ms\): momentum \+0\.00%, volume acceleration x1\.00$/)]);
  });

  it('starts with tickers for the universe and focus channels only for the pinned pair', () => {
    const tickers = SYMBOLS.map((s) => `ticker|${s}`);
    expect(at(0).active).toEqual([...focusSubs('BTC/USD'), ...tickers].sort());
    expect(at(0).simSubscriptions).toBe(5);
  });

  it('keeps a quiet pair in scout with only its ticker: no decision, no focus subscription, no trades', () => {
    for (const m of [1, 30, 64, 79]) {
      expect(at(m).focus, `minute ${m}`).toEqual(m >= 70 ? ['BTC/USD', 'ETH/USD'] : ['BTC/USD']);
      expect(at(m).active.filter((k) => k.endsWith('|SOL/USD')), `minute ${m}`).toEqual(['ticker|SOL/USD']);
    }
    expect(run.decisions.filter((d) => d.symbol === 'SOL/USD' && d.at < T0 + 85 * MIN)).toEqual([]);
    expect(run.tradesReceived.get('SOL/USD')?.filter((m) => m < 105)).toEqual([]);
  });

  it('subscribes a promoted pair on the simulator and starts receiving its trades', () => {
    expect(at(69).active).not.toContain('trade|ETH/USD');
    expect(at(70).active).toEqual(expect.arrayContaining(focusSubs('ETH/USD')));
    expect(at(70).simSubscriptions).toBe(at(69).simSubscriptions + 2);
    const eth = run.tradesReceived.get('ETH/USD') ?? [];
    expect(eth.filter((m) => m < 70)).toEqual([]);
    // Subscribed during the tick that closed minute 69: minutes 70..101 each bring one ETH trade.
    expect(eth).toEqual(Array.from({ length: 32 }, (_, i) => 70 + i));
  });

  it('demotes after the quiet time and unsubscribes: no more trades for it', () => {
    expect(at(101).focus).toContain('ETH/USD');
    expect(at(102).focus).not.toContain('ETH/USD');
    expect(at(102).active.filter((k) => k.endsWith('|ETH/USD'))).toEqual(['ticker|ETH/USD']);
    expect(at(102).simSubscriptions).toBe(at(101).simSubscriptions - 2);
    expect(Math.max(...(run.tradesReceived.get('ETH/USD') ?? []))).toBe(101);
  });

  it('never demotes the pinned pair, which keeps its trades and book for the whole run', () => {
    expect(run.decisions.filter((d) => d.symbol === 'BTC/USD')).toEqual([]);
    for (const o of run.observations.values()) expect(o.active, `minute ${o.minute}`).toEqual(expect.arrayContaining(focusSubs('BTC/USD')));
    expect(run.tradesReceived.get('BTC/USD')).toHaveLength(108);
  });

  it('holds the focus cap: a mover while the slots are full is skipped and only subscribed once a slot frees', () => {
    for (const o of run.observations.values()) expect(o.focus.length, `minute ${o.minute}`).toBeLessThanOrEqual(WATCH.maxFocus);
    expect(at(104).active).not.toContain('trade|SOL/USD');
    expect(at(105).active).toEqual(expect.arrayContaining(focusSubs('SOL/USD')));
    expect(run.tradesReceived.get('SOL/USD')).toEqual([105, 106, 107]);
  });

  it('keeps only the most recent decisions (recentLimit 4), the same objects onDecision got', () => {
    expect(run.recent).toEqual(run.decisions.slice(-4));
    expect(run.recent[0]).toBe(run.decisions[3]);
  });
});

describe('WatchFeed on the simulator: volume acceleration and stop', () => {
  const SYMBOLS = ['BTC/USD', 'ETH/USD'];

  it('promotes a pair whose ticker volume accelerates, with the price flat', async () => {
    // ETH trades 1 a minute, then 10 a minute in minutes 70-74: x10 over the trailing 5-min average.
    const tape: Tape = (s, m) => ({ price: s === 'BTC/USD' ? '30000.0' : '2000.00', qty: s === 'ETH/USD' && m >= 70 && m <= 74 ? '10' : '1' });
    const run = await runScenario(SYMBOLS, tape, 76);
    expect(kinds(run.decisions)).toEqual(['promote ETH/USD @75']);
    expect(run.decisions[0].reasons).toEqual([expect.stringMatching(/^volume acceleration x10\.00 >= x1\.50$/)]);
    expect(run.observations.get(75)?.active).toEqual(expect.arrayContaining(focusSubs('ETH/USD')));
    expect(run.tradesReceived.get('ETH/USD')).toEqual([75]);
    expect(run.errors).toEqual([]);
  }, 30_000);

  it('stop() removes the listeners and the timer: later market moves reach neither the watch nor onDecision', async () => {
    const { sim, scheduler, watch, feed, decisions, barrier } = await setup(SYMBOLS, () => ({ price: '2000.00', qty: '1' }), 0);
    const timersBefore = scheduler.pending();
    feed.stop();
    expect(scheduler.pending()).toBe(timersBefore - 1);
    // A +50 % jump on both pairs, over two hours: would be a promotion (and price) if still fed.
    for (let m = 1; m <= 120; m++) {
      sim.injectTrade({ symbol: 'ETH/USD', time: T0 + m * MIN, price: parseFixed(m < 100 ? '2000.00' : '3000.00'), qty: parseFixed('1'), side: 'buy', ordType: 'market' });
    }
    await barrier();
    scheduler.advance(120 * MIN);
    expect(watch.advance(T0 + 120 * MIN)).toEqual([]); // the watch never saw those trades
    expect(watch.metrics('ETH/USD', T0 + 120 * MIN).lastPrice).toBeUndefined();
    expect(decisions).toEqual([]);
  });

  it('an onDecision that throws goes to onError; the feed applies the decision and keeps ticking', async () => {
    const tape: Tape = (s, m) => ({ price: s === 'BTC/USD' ? '30000.0' : '2000.00', qty: s === 'ETH/USD' && m >= 70 && m <= 74 ? '10' : '1' });
    const run = await runScenario(SYMBOLS, tape, 77, {
      onDecision: (d) => {
        throw new Error(`consumer failed on ${d.symbol}`);
      },
    });
    expect(run.errors).toEqual(['WatchFeed onDecision threw for promote ETH/USD: consumer failed on ETH/USD']);
    expect(kinds(run.recent)).toEqual(['promote ETH/USD @75']);
    expect(run.observations.get(77)?.active).toEqual(expect.arrayContaining(focusSubs('ETH/USD')));
    expect(run.tradesReceived.get('ETH/USD')).toEqual([75, 76]);
  }, 30_000);

  it('skips a ticker or trade the watch cannot use and names symbol, field and value', () => {
    const client = new KrakenWsClient({ url: 'ws://127.0.0.1:1/v2', scheduler: new ManualScheduler(T0) });
    const watch = new MarketWatch(SYMBOLS, WATCH, T0);
    const errors: string[] = [];
    const feed = new WatchFeed(client, watch, { onError: (e) => errors.push(e.message) });
    feed.start();
    // The client's schemas would refuse most of these; the feed must still not hand them to the watch.
    const emit = (client as unknown as { emit(event: string, payload: unknown): void }).emit.bind(client);
    const ticker = { symbol: 'ETH/USD', bid: '1', bid_qty: '1', ask: '1', ask_qty: '1', vwap: '1', low: '1', high: '1', change: '0', change_pct: '0' };
    emit('ticker', { channel: 'ticker', type: 'update', data: [{ ...ticker, last: '0', volume: '5', timestamp: '2024-01-01T00:00:01.000000Z' }] });
    emit('ticker', { channel: 'ticker', type: 'update', data: [{ ...ticker, last: '2000', volume: '5', timestamp: 'yesterday' }] });
    emit('trade', { channel: 'trade', type: 'update', data: [{ symbol: 'BTC/USD', side: 'buy', price: 'abc', qty: '1', ord_type: 'market', trade_id: 1, timestamp: '2024-01-01T00:00:01.000000Z' }] });
    expect(errors).toEqual([
      'WatchFeed skipped a ticker for ETH/USD: unusable last="0"',
      'WatchFeed skipped a ticker for ETH/USD: unusable timestamp="yesterday"',
      'WatchFeed skipped a trade for BTC/USD: unusable price="abc"',
    ]);
    expect(watch.metrics('BTC/USD', T0 + MIN).lastPrice).toBeUndefined(); // pinned: would be recorded at once
    emit('ticker', { channel: 'ticker', type: 'update', data: [{ ...ticker, last: '2000', volume: '5', timestamp: '2024-01-01T00:00:02.000000Z' }] });
    watch.advance(T0 + 5 * MIN); // scout data is buffered until the flush
    expect(watch.metrics('ETH/USD', T0 + 5 * MIN).lastPrice).toBe(2000);
    expect(errors).toHaveLength(3);
    feed.stop();
  });

  it.each([
    { options: { tickMs: 0 }, error: /tickMs must be a positive number of ms \(got 0\)/ },
    { options: { tickMs: Number.NaN }, error: /tickMs must be a positive number of ms \(got NaN\)/ },
    { options: { recentLimit: 0 }, error: /recentLimit must be a positive integer \(got 0\)/ },
    { options: { recentLimit: 2.5 }, error: /recentLimit must be a positive integer \(got 2\.5\)/ },
  ])('rejects bad options: $options', ({ options, error }) => {
    const client = new KrakenWsClient({ url: 'ws://127.0.0.1:1/v2', scheduler: new ManualScheduler(T0) });
    expect(() => new WatchFeed(client, new MarketWatch(SYMBOLS, WATCH, T0), options)).toThrow(error);
  });
});
