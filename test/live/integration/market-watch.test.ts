/**
 * WatchFeed against the simulator: a scripted market of a few pairs, one trade per pair per
 * minute, driven minute by minute. Volume reaches the watch through the simulator's ohlc channel. Simulator time (advanceTo) and client time (ManualScheduler)
 * move in lockstep; after each move a ping round trip makes sure every frame the simulator sent
 * (market data, subscription acks) reached the client before time moves again.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseFixed } from '../../../src/core/decimal/fixed.ts';
import { MarketWatch, type MarketWatchOptions, type WatchDecision } from '../../../src/live/kraken/watch/index.ts';
import { WatchFeed, type WatchFeedOptions } from '../../../src/live/kraken/watch/watch-feed.ts';
import { KrakenWsClient } from '../../../src/live/kraken/ws/client.ts';
import type { OhlcInterval } from '../../../src/live/kraken/ws/messages/requests.ts';
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
  // Low enough that a focus pair whose volume were counted twice (candles + its own trades) would
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

/** The tape's trades for minutes `fromMinute` (negative: history before T0) up to `minutes` (exclusive). */
function trades(symbols: readonly string[], tape: Tape, minutes: number, fromMinute = 0): MarketTrade[] {
  const out: MarketTrade[] = [];
  for (let m = fromMinute; m < minutes; m++) {
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

interface ScenarioOptions {
  readonly feed?: WatchFeedOptions;
  /** Minutes of market history before T0 (the simulator's warm-up; the ohlc snapshot carries the last 720). */
  readonly historyMinutes?: number;
  /** Runs after the feed started, before the client connects (e.g. extra subscriptions). */
  readonly beforeConnect?: (client: KrakenWsClient) => void;
}

async function setup(symbols: readonly string[], tape: Tape, minutes: number, scenario: ScenarioOptions = {}) {
  const history = scenario.historyMinutes ?? 0;
  const sim = await KrakenSimulator.start({ trades: trades(symbols, tape, minutes, -history), startTime: T0, heartbeatMs: 0 });
  const scheduler = new ManualScheduler(T0);
  const client = new KrakenWsClient({ url: sim.wsPublicUrl, scheduler, random: () => 0.5, staleAfterMs: FAR, pingIntervalMs: FAR, requestTimeoutMs: FAR });
  const watch = new MarketWatch(symbols, WATCH, T0);
  const decisions: WatchDecision[] = [];
  const errors: string[] = [];
  const feed = new WatchFeed(client, watch, { tickMs: MIN, onDecision: (d) => decisions.push(d), onError: (e) => errors.push(e.message), ...scenario.feed });
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
  scenario.beforeConnect?.(client);
  client.connect();
  await subscribed(client);
  /** Everything the simulator sent before this call has reached the client. */
  const barrier = async (): Promise<void> => {
    expect(await within(client.ping(), 'pong')).toBeTypeOf('number');
  };
  return { sim, scheduler, client, watch, feed, decisions, errors, active, barrier };
}

/** Drives `minutes` one-minute steps: market trades of minute m, then the feed's tick at the end of minute m. */
async function runScenario(symbols: readonly string[], tape: Tape, minutes: number, scenario: ScenarioOptions = {}, onMinute?: (minute: number, watch: MarketWatch) => void): Promise<Run> {
  const { sim, scheduler, client, watch, feed, decisions, errors, active, barrier } = await setup(symbols, tape, minutes, scenario);
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
    onMinute?.(minute + 1, watch);
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
    run = await runScenario(SYMBOLS, tape, 108, { feed: { recentLimit: 4 } });
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

  it('starts with ohlc for the universe and focus channels only for the pinned pair', () => {
    const candles = SYMBOLS.map((s) => `ohlc|${s}`);
    expect(at(0).active).toEqual([...focusSubs('BTC/USD'), ...candles].sort());
    expect(at(0).simSubscriptions).toBe(5);
  });

  it('keeps a quiet pair in scout with only its ohlc: no decision, no focus subscription, no trades', () => {
    for (const m of [1, 30, 64, 79]) {
      expect(at(m).focus, `minute ${m}`).toEqual(m >= 70 ? ['BTC/USD', 'ETH/USD'] : ['BTC/USD']);
      expect(at(m).active.filter((k) => k.endsWith('|SOL/USD')), `minute ${m}`).toEqual(['ohlc|SOL/USD']);
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
    expect(at(102).active.filter((k) => k.endsWith('|ETH/USD'))).toEqual(['ohlc|ETH/USD']);
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

describe('WatchFeed on the simulator: volume from ohlc in a steady market with a day of history', () => {
  // 25 h of history before T0, one trade of 1 per pair per minute: Kraken's rolling 24 h volume is
  // flat, the situation in which the old ticker-based estimate read ~0 as "usual" volume. Then, in
  // minutes 70-74, ETH trades 1.2 a minute (an uptick) and SOL 5 a minute (a burst).
  const SYMBOLS = ['BTC/USD', 'ETH/USD', 'SOL/USD'];
  const HISTORY = 25 * 60;
  const tape: Tape = (s, m) => {
    const burst = m >= 70 && m <= 74;
    const qty = burst && s === 'ETH/USD' ? '1.2' : burst && s === 'SOL/USD' ? '5' : '1';
    return { price: s === 'BTC/USD' ? '30000.0' : '100.00', qty };
  };
  let run: Run;
  /** symbol -> volume acceleration read after the tick at minutes 5, 10, ... 75. */
  const readings = new Map<string, number[]>(SYMBOLS.map((s) => [s, []]));
  /** symbol -> the ticker's 24 h volume of every ticker update before the burst (subscribed by the test, not the feed). */
  const tickerVolumes = new Map<string, number[]>(SYMBOLS.map((s) => [s, []]));
  let minuteNow = 0;
  beforeAll(async () => {
    const beforeConnect = (client: KrakenWsClient) => {
      client.subscribe({ channel: 'ticker', symbol: SYMBOLS });
      client.on('ticker', (msg) => {
        if (msg.type === 'update' && minuteNow < 70) for (const d of msg.data) tickerVolumes.get(d.symbol)?.push(Number(d.volume));
      });
    };
    run = await runScenario(SYMBOLS, tape, 76, { historyMinutes: HISTORY, beforeConnect }, (minute, watch) => {
      minuteNow = minute;
      if (minute % 5 === 0) for (const s of SYMBOLS) readings.get(s)?.push(watch.metrics(s, T0 + minute * MIN).volumeAcceleration ?? Number.NaN);
    });
  }, 30_000);
  afterAll(closeAll);

  it('the scenario is the old failure mode: the rolling 24 h volume stays flat before the burst', () => {
    for (const s of SYMBOLS) {
      const v = tickerVolumes.get(s) ?? [];
      expect(v.length, s).toBeGreaterThanOrEqual(69);
      expect(new Set(v), s).toEqual(new Set([1441])); // the trade exactly 24 h old still counts
    }
  });

  it('reads volume acceleration x1 from the first scout flush on (the ohlc snapshot is the history)', () => {
    for (const s of SYMBOLS) {
      const r = readings.get(s) ?? [];
      expect(r, s).toHaveLength(15);
      r.slice(0, 14).forEach((x, i) => expect(x, `${s} at minute ${5 * (i + 1)}`).toBeCloseTo(1, 9));
    }
    expect(readings.get('BTC/USD')?.[14]).toBeCloseTo(1, 9);
    expect(readings.get('ETH/USD')?.[14]).toBeCloseTo(1.2, 9);
    expect(readings.get('SOL/USD')?.[14]).toBeCloseTo(5, 9);
  });

  it('promotes only the real burst: the uptick and the steady pairs stay where they are', () => {
    expect(kinds(run.decisions)).toEqual(['promote SOL/USD @75']);
    expect(run.decisions[0].reasons).toEqual([expect.stringMatching(/^volume acceleration x5\.00 >= x1\.50$/)]);
    expect(run.observations.get(75)?.focus).toEqual(['BTC/USD', 'SOL/USD']);
    expect(run.errors).toEqual([]);
  });
});

describe('WatchFeed on the simulator: volume acceleration and stop', () => {
  const SYMBOLS = ['BTC/USD', 'ETH/USD'];
  // ETH trades 1 a minute, then 5 a minute in minutes 70-74: x5 over the trailing 5-min average.
  const burst: Tape = (s, m) => ({ price: s === 'BTC/USD' ? '30000.0' : '2000.00', qty: s === 'ETH/USD' && m >= 70 && m <= 74 ? '5' : '1' });

  it('promotes a pair whose candle volume accelerates, with the price flat', async () => {
    const run = await runScenario(SYMBOLS, burst, 76);
    expect(kinds(run.decisions)).toEqual(['promote ETH/USD @75']);
    expect(run.decisions[0].reasons).toEqual([expect.stringMatching(/^volume acceleration x5\.00 >= x1\.50$/)]);
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
    const run = await runScenario(SYMBOLS, burst, 77, {
      feed: {
        onDecision: (d) => {
          throw new Error(`consumer failed on ${d.symbol}`);
        },
      },
    });
    expect(run.errors).toEqual(['WatchFeed onDecision threw for promote ETH/USD: consumer failed on ETH/USD']);
    expect(kinds(run.recent)).toEqual(['promote ETH/USD @75']);
    expect(run.observations.get(77)?.active).toEqual(expect.arrayContaining(focusSubs('ETH/USD')));
    expect(run.tradesReceived.get('ETH/USD')).toEqual([75, 76]);
  }, 30_000);

  it('skips an ohlc or trade the watch cannot use and names symbol, field and value; ignores candles of another interval', () => {
    const client = new KrakenWsClient({ url: 'ws://127.0.0.1:1/v2', scheduler: new ManualScheduler(T0) });
    const watch = new MarketWatch(SYMBOLS, WATCH, T0);
    const errors: string[] = [];
    const feed = new WatchFeed(client, watch, { onError: (e) => errors.push(e.message) });
    feed.start();
    // The client's schemas would refuse most of these; the feed must still not hand them to the watch.
    const emit = (client as unknown as { emit(event: string, payload: unknown): void }).emit.bind(client);
    const candle = { symbol: 'ETH/USD', open: '1', high: '1', low: '1', vwap: '1', trades: 1, interval: 1, interval_begin: '2024-01-01T00:00:00.000000000Z' };
    const ohlc = (data: Record<string, unknown>, timestamp = '2024-01-01T00:00:01.000000Z') => emit('ohlc', { channel: 'ohlc', type: 'update', timestamp, data: [{ ...candle, ...data }] });
    ohlc({ close: '0', volume: '5' });
    ohlc({ close: '2000', volume: '-1' });
    ohlc({ close: '2000', volume: '5', interval_begin: 'yesterday' });
    ohlc({ close: '2000', volume: '5' }, 'later');
    emit('trade', { channel: 'trade', type: 'update', data: [{ symbol: 'BTC/USD', side: 'buy', price: 'abc', qty: '1', ord_type: 'market', trade_id: 1, timestamp: '2024-01-01T00:00:01.000000Z' }] });
    expect(errors).toEqual([
      'WatchFeed skipped an ohlc for ETH/USD: unusable close="0"',
      'WatchFeed skipped an ohlc for ETH/USD: unusable volume="-1"',
      'WatchFeed skipped an ohlc for ETH/USD: unusable interval_begin="yesterday"',
      'WatchFeed skipped an ohlc for ETH/USD: unusable timestamp="later"',
      'WatchFeed skipped a trade for BTC/USD: unusable price="abc"',
    ]);
    expect(watch.metrics('BTC/USD', T0 + MIN).lastPrice).toBeUndefined(); // pinned: would be recorded at once
    ohlc({ symbol: 'BTC/USD', close: '31000', volume: '5', interval: 5 }); // another subscription's candles: not volume for the watch
    expect(watch.metrics('BTC/USD', T0 + MIN).lastPrice).toBeUndefined();
    ohlc({ close: '2000', volume: '5' });
    watch.advance(T0 + 5 * MIN); // scout data is buffered until the flush
    expect(watch.metrics('ETH/USD', T0 + 5 * MIN).lastPrice).toBe(2000);
    expect(errors).toHaveLength(5);
    feed.stop();
  });

  it('samples a snapshot candle at its own minute: the frame time is clamped into the candle', () => {
    const client = new KrakenWsClient({ url: 'ws://127.0.0.1:1/v2', scheduler: new ManualScheduler(T0) });
    const watch = new MarketWatch(SYMBOLS, { ...WATCH, pinned: ['ETH/USD'] }, T0 - 2 * HOUR);
    const feed = new WatchFeed(client, watch);
    feed.start();
    const emit = (client as unknown as { emit(event: string, payload: unknown): void }).emit.bind(client);
    const at = (ms: number) => new Date(ms).toISOString();
    const candle = (minute: number, close: string) => ({ symbol: 'ETH/USD', open: close, high: close, low: close, close, vwap: close, trades: 1, volume: '1', interval: 1, interval_begin: at(T0 + minute * MIN) });
    // Delivered at T0 + 1 min: 61 past candles, 100 an hour ago, 110 for the last one.
    emit('ohlc', { channel: 'ohlc', type: 'snapshot', timestamp: at(T0 + MIN), data: Array.from({ length: 61 }, (_, i) => candle(i - 60, i === 60 ? '110' : '100')) });
    expect(watch.metrics('ETH/USD', T0 + MIN).momentum).toBeCloseTo(0.1, 9);
    feed.stop();
  });

  it.each([
    { options: { tickMs: 0 }, error: /tickMs must be a positive number of ms \(got 0\)/ },
    { options: { tickMs: Number.NaN }, error: /tickMs must be a positive number of ms \(got NaN\)/ },
    { options: { recentLimit: 0 }, error: /recentLimit must be a positive integer \(got 0\)/ },
    { options: { recentLimit: 2.5 }, error: /recentLimit must be a positive integer \(got 2\.5\)/ },
    { options: { ohlcInterval: 2 as OhlcInterval }, error: /ohlcInterval must be one of 1, 5, 15, .* minutes \(got 2\)/ },
    { options: { ohlcInterval: 15 as const }, error: /ohlcInterval 15 min must divide the watch's volume interval \(300000 ms\)/ },
    { options: { focusChannels: [{ channel: 'ohlc', interval: 1 }] as const }, error: /focus channel ohlc interval 1 duplicates the universe-wide volume feed/ },
  ])('rejects bad options: $options', ({ options, error }) => {
    const client = new KrakenWsClient({ url: 'ws://127.0.0.1:1/v2', scheduler: new ManualScheduler(T0) });
    expect(() => new WatchFeed(client, new MarketWatch(SYMBOLS, WATCH, T0), options)).toThrow(error);
  });
});
