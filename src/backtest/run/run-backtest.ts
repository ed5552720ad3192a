import { formatFixed, parseFixed, toNumber, type Fixed } from '../../core/decimal/fixed.ts';
import type { Instrument } from '../../core/instruments/instrument.ts';
import { defaultSymbols } from '../../core/instruments/symbols.ts';
import { Kernel, type FillRecord } from '../../core/kernel/kernel.ts';
import { roundTrips, type RoundTrip } from '../../core/ledger/round-trips.ts';
import { parseTimeframe } from '../../core/market/timeframe.ts';
import { AttributionTracker, type Attribution } from '../../core/metrics/attribution.ts';
import { MetricsAccumulator, type Metrics } from '../../core/metrics/index.ts';
import type { Order } from '../../core/orders/order.ts';
import { parseRiskConfig } from '../../core/risk/risk-config.ts';
import { canonicalPairOrder } from '../../core/universe/pair-order.ts';
import { KrakenFeeModel } from '../../core/venue/sim/fee-model.ts';
import { OhlcPathFillModel } from '../../core/venue/sim/fill-model.ts';
import { FixedLatency } from '../../core/venue/sim/latency-model.ts';
import { SimulatedVenue } from '../../core/venue/sim/simulated-venue.ts';
import { FixedBpsSlippage, NO_SLIPPAGE, RandomBpsSlippage } from '../../core/venue/sim/slippage-model.ts';
import type { MarketStore } from '../store/index.ts';
import type { BacktestConfig } from './backtest-config.ts';
import { parseRange } from './dates.ts';
import { flatText } from './flat-text.ts';
import { EquityCurveBuilder, type EquityCurve } from './equity-curve.ts';
import { GrowableColumn } from './growable.ts';
import { OrderLog } from './order-log.ts';
import { loadStrategyFactory } from './strategy-loader.ts';

export interface BacktestResult {
  readonly config: BacktestConfig;
  readonly pairs: readonly string[];
  readonly intervalMin: number;
  readonly from: number;
  readonly to: number;
  readonly runEnd: number;
  readonly hash: string;
  readonly candles: number;
  readonly events: number;
  readonly initialCash: Fixed;
  readonly finalEquity: Fixed;
  readonly balances: readonly { asset: string; balance: Fixed }[];
  readonly realizedPnl: Fixed;
  readonly unrealizedPnl: Fixed;
  readonly feesPaid: Fixed;
  readonly metrics: Metrics;
  /** One sample per candle close (time, equity, cash), compact: see EquityCurve. */
  readonly equity: EquityCurve;
  readonly fills: readonly FillRecord[];
  /** Closed orders in the order they closed (compact: see OrderLog; iterate it or call toArray()). */
  readonly orders: OrderLog;
  readonly openOrders: readonly Order[];
  readonly trips: readonly RoundTrip[];
  readonly lots: readonly { asset: string; qty: Fixed; cost: Fixed; openedAt: number; source: string }[];
  readonly prices: readonly { pair: string; time: Float64Array; close: Float64Array }[];
  /** What the strategy recorded with ctx.record, per series, in time order. */
  readonly recorded: ReadonlyMap<string, { time: number[]; value: (number | string)[] }>;
  /** Orders the risk checks (built-in or the strategy's own) rejected, counted by reason code. */
  readonly rejectionsByReason: Readonly<Record<string, number>>;
  /** PnL, fees, exposure, turnover and drawdown per strategy id and per recorded regime; null when the run was asked not to track it (`attribution: false`). */
  readonly attribution: Attribution | null;
  /** Every fill assumption and model in force, for the summary and the report. */
  readonly assumptions: Readonly<Record<string, string | number | boolean | null>>;
}

/**
 * Where a backtest gets its candles: the three store methods it uses. The DuckDB MarketStore
 * is one; an in-memory snapshot (research sweeps in worker threads) is another.
 */
export type CandleSource = Pick<MarketStore, 'candleRange' | 'listSymbols' | 'loadCandles'>;

export interface RunOptions {
  /** Keep every close for the report's price charts (memory grows with the range). */
  readonly collectPrices?: boolean;
  readonly onEvent?: (line: string) => void;
  /**
   * Track PnL per strategy and regime (default true). A sweep job reports only the run's
   * metrics and hash, which do not depend on it, and it costs about a fifth of a fill-heavy
   * run (a book update per fill, a sample per candle).
   */
  readonly attribution?: boolean;
}

/** Resolves a pair name in any Kraken spelling; other exchanges use their symbols as given. */
export function resolveInstrument(exchange: string, name: string): Instrument {
  if (exchange === 'kraken') return defaultSymbols.instrument(name);
  const [base, quote] = name.toUpperCase().split('/');
  if (!base || !quote) throw new Error(`pair "${name}" must look like BASE/QUOTE for exchange ${exchange}`);
  return { symbol: `${base}/${quote}`, base, quote, priceDecimals: 8, lotDecimals: 8, costDecimals: 8, minQty: 0n, minCost: 0n, exchange };
}

/** Runs one backtest through the kernel on candles streamed from the store (or any CandleSource). */
export async function runBacktest(config: BacktestConfig, store: CandleSource, opts: RunOptions = {}): Promise<BacktestResult> {
  // A set of pairs, in one canonical order: the same pairs in any order give the same run and hash.
  const instruments = canonicalPairOrder(config.pairs.map((p) => resolveInstrument(config.exchange, p)));
  const pairs = instruments.map((i) => i.symbol);
  const quote = instruments[0].quote;
  const intervalMin = parseTimeframe(config.timeframe);
  const intervalMs = intervalMin * 60_000;
  const { from, to } = parseRange(config.from, config.to);
  const factory = await loadStrategyFactory(config.strategy);
  const strategy = factory.create(config.params);
  const risk = parseRiskConfig(config.risk);

  // The last candle's close, so strategies can ignore signals no candle could fill.
  // For resampled timeframes, the last complete bucket ends where the finer source data ends.
  let runEnd = from;
  // Every stored series is listed only for a pair with no candles at this interval (a
  // resampled run): that query scans the whole candle table, the per-pair range does not.
  let stored: Awaited<ReturnType<CandleSource['listSymbols']>> | undefined;
  for (const symbol of pairs) {
    const range = await store.candleRange({ exchange: config.exchange, symbol, interval: intervalMin });
    if (range) {
      runEnd = Math.max(runEnd, Math.min(to, range.last + intervalMs));
      continue;
    }
    stored ??= await store.listSymbols();
    for (const s of stored) {
      if (s.exchange !== config.exchange || s.symbol !== symbol || intervalMin % s.intervalMin !== 0) continue;
      const sourceEnd = s.last + s.intervalMin * 60_000;
      runEnd = Math.max(runEnd, Math.min(to, sourceEnd - (sourceEnd % intervalMs)));
    }
  }

  const fees = new KrakenFeeModel({ maker: config.makerFee, taker: config.takerFee });
  const slippage = config.slippageBps === 0 ? NO_SLIPPAGE : config.slippageModel === 'random' ? new RandomBpsSlippage(config.slippageBps) : new FixedBpsSlippage(config.slippageBps);
  const venue = new SimulatedVenue({ fees, slippage, latency: new FixedLatency(config.latencyMs), fillModel: new OhlcPathFillModel(config.touchRule), maxVolumeShare: config.volumeShare });
  const fills: FillRecord[] = [];
  const orders = new OrderLog();
  const rejections: Record<string, number> = {};
  const curve = new EquityCurveBuilder();
  const recorded = new Map<string, { time: number[]; value: (number | string)[] }>();
  const attribution = opts.attribution === false ? undefined : new AttributionTracker(pairs);
  // Metrics as the run goes: no per-sample working arrays (returns, wealth, gaps, exposure) at the end.
  const metricsAcc = new MetricsAccumulator({ exposure: true });
  // Made once, not per sample: the attribution tracker reads every pair's mark per candle.
  const markAt = (p: number) => kernel.lastPriceAt(p);
  const kernel = new Kernel({
    instruments,
    accountCurrency: quote,
    strategy,
    venue,
    risk,
    seed: config.seed,
    runEnd,
    onFill: (f) => {
      fills.push(f);
      attribution?.onFill(f);
    },
    onOrderClosed: (o) => {
      if (o.reason !== undefined) o.reason = flatText(o.reason);
      if (o.status === 'rejected') {
        const code = (o.reason ?? 'unknown').split(':')[0];
        rejections[code] = (rejections[code] ?? 0) + 1;
      }
      orders.push(o);
    },
    onSample: (t, e, c) => {
      attribution?.sample(t, e, markAt);
      curve.push(t, e, c);
      // Share of equity not in cash, the same value the batch metrics read from the stored curve.
      metricsAcc.push(t, e, e > 0 ? Math.max(0, Math.min(1, 1 - c / e)) : 0);
    },
    onEvent: opts.onEvent,
    onRecord: (t, series, value) => {
      if (series === 'regime') attribution?.setRegime(t, String(value));
      let s = recorded.get(series);
      if (!s) recorded.set(series, (s = { time: [], value: [] }));
      s.time.push(t);
      s.value.push(value);
    },
  });
  const initialCash = parseFixed(config.cash);
  kernel.deposit(from, quote, initialCash);
  kernel.start(from);
  const priceCols = pairs.map(() => ({ time: new GrowableColumn(), close: new GrowableColumn() }));
  for await (const batch of store.loadCandles({ exchange: config.exchange, symbols: pairs, interval: intervalMin, from, to })) {
    if (opts.collectPrices) {
      for (let i = 0; i < batch.length; i++) {
        const c = priceCols[batch.pair[i]];
        c.time.push(batch.openTime[i] + intervalMs);
        c.close.push(batch.close[i]);
      }
    }
    kernel.onCandles(batch);
  }
  if (kernel.candleCount() === 0) throw new Error(`no ${config.timeframe} candles for ${pairs.join(', ')} between ${config.from} and ${config.to}`);
  kernel.stop(Math.max(runEnd, kernel.now()));

  const equity = curve.finish();
  const trips = roundTrips(
    fills.map((f) => ({ time: f.time, pair: f.pair, side: f.side, qty: f.qty, price: f.price, quoteFee: f.feeAsset === quote ? f.fee : 0n, realizedPnl: f.realizedPnl })),
  );
  const feesPaid = kernel.ledger.flowsOf(quote).fees;
  const tradedNotional = fills.reduce((s, f) => s + toNumber(f.qty) * toNumber(f.price), 0);
  const metrics = metricsAcc.finish(equity.equity, { trades: trips, feesPaid: toNumber(feesPaid), tradedNotional });
  const ledger = kernel.ledger;
  return {
    config,
    pairs,
    intervalMin,
    from,
    to,
    runEnd,
    hash: kernel.hash(),
    candles: kernel.candleCount(),
    events: kernel.eventCount(),
    initialCash,
    finalEquity: kernel.equity(),
    balances: ledger.assets().map((asset) => ({ asset, balance: ledger.balance(asset) })),
    realizedPnl: ledger.realizedPnl(),
    unrealizedPnl: ledger.unrealizedPnl(kernel.markFn),
    feesPaid,
    metrics,
    equity,
    fills,
    orders,
    openOrders: kernel.openOrderList(),
    trips,
    lots: instruments.flatMap((i) => ledger.openLots(i.base).map((l) => ({ asset: i.base, qty: l.qty, cost: l.cost, openedAt: l.openedAt, source: l.source }))),
    prices: pairs.map((pair, i) => ({ pair, time: priceCols[i].time.finish(), close: priceCols[i].close.finish() })),
    recorded,
    rejectionsByReason: Object.fromEntries(Object.entries(rejections).sort(([a], [b]) => (a < b ? -1 : 1))),
    attribution: attribution?.result() ?? null,
    assumptions: {
      'fill model': `OHLC path (O-L-H-C up candles, O-H-L-C down), limit ${config.touchRule} rule`,
      'market orders': 'next candle open',
      'maker fee': config.makerFee,
      'taker fee': config.takerFee,
      'fee asset': 'quote currency, exact per fill',
      slippage: config.slippageBps === 0 ? 'none' : `${config.slippageBps} bps (${config.slippageModel}) on taker fills`,
      latency: `${config.latencyMs} ms`,
      'volume cap': config.volumeShare === null ? 'none' : `${config.volumeShare * 100}% of candle volume`,
      seed: config.seed,
      'missing candles': 'no candle, no fill, no price update (Kraken gap semantics)',
    },
  };
}

export function fmt(x: Fixed, decimals = 2): string {
  return formatFixed(x, decimals);
}
