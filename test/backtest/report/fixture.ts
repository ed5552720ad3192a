/**
 * A synthetic but realistic report input: 430 days of hourly BTC/USD and ETH/USD closes
 * (seeded geometric random walk, one single-bar spike), a moving-average crossover strategy
 * trading both with Kraken-like 0.26 % taker fees, a mid-run deposit, and the metrics computed
 * from the resulting equity curve. Deterministic (seeded), no I/O.
 */
import { computeMetrics } from '../../../src/core/metrics/index.ts';
import type { CashFlow, ClosedTrade } from '../../../src/core/metrics/index.ts';
import type { PriceSeries, ReportFill, ReportInput } from '../../../src/backtest/report/index.ts';
import { mulberry32 } from '../../helpers/mulberry32.ts';

const HOUR = 3_600_000;
const START = Date.UTC(2023, 0, 1);
const FEE = 0.0026;

function randomWalk(rand: () => number, n: number, start: number, annualVol: number): Float64Array {
  const sigma = annualVol / Math.sqrt(24 * 365.25);
  const close = new Float64Array(n);
  close[0] = start;
  for (let i = 1; i < n; i++) {
    const z = Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
    close[i] = close[i - 1] * Math.exp(sigma * z + 0.00002);
  }
  return close;
}

function sma(values: Float64Array, end: number, length: number): number {
  let sum = 0;
  for (let i = end - length + 1; i <= end; i++) sum += values[i];
  return sum / length;
}

export interface Fixture {
  readonly input: ReportInput;
}

export function buildFixture(): Fixture {
  const n = 24 * 430;
  const pairs = ['BTC/USD', 'ETH/USD'];
  const rand = mulberry32(20240601);
  const time = Float64Array.from({ length: n }, (_, i) => START + (i + 1) * HOUR);
  const closes = pairs.map((_, p) => randomWalk(rand, n, p === 0 ? 16_500 : 1_200, p === 0 ? 0.55 : 0.75));
  closes[0][Math.floor(n * 0.37)] *= 1.15; // a one-bar wick that downsampling must keep visible

  let cash = 10_000;
  const deposit: CashFlow = { time: time[Math.floor(n / 2)], amount: 5_000 };
  const qty = pairs.map(() => 0);
  const entry = pairs.map(() => ({ time: 0, price: 0, cost: 0 }));
  const fills: ReportFill[] = [];
  const trades: ClosedTrade[] = [];
  const equity = new Float64Array(n);
  const exposure = new Float64Array(n);
  let fees = 0;
  let notional = 0;

  for (let i = 0; i < n; i++) {
    if (time[i] === deposit.time) cash += deposit.amount;
    // Orders decided on bar i-1's close fill at bar i's close (simplified for a fixture).
    pairs.forEach((pair, p) => {
      if (i < 121) return;
      const fastAbove = sma(closes[p], i - 1, 24) > sma(closes[p], i - 1, 120);
      const price = closes[p][i];
      if (fastAbove && qty[p] === 0) {
        const spend = (cash + qty.reduce((s, q, k) => s + q * closes[k][i], 0)) * 0.45;
        const buyQty = Math.min(spend, cash / (1 + FEE)) / price;
        const fee = buyQty * price * FEE;
        cash -= buyQty * price + fee;
        qty[p] = buyQty;
        entry[p] = { time: time[i], price, cost: buyQty * price + fee };
        fills.push({ time: time[i], pair, side: 'buy', price, qty: buyQty, fee, feeAsset: 'USD' });
        fees += fee;
        notional += buyQty * price;
      } else if (!fastAbove && qty[p] > 0) {
        const fee = qty[p] * price * FEE;
        const proceeds = qty[p] * price - fee;
        cash += proceeds;
        fills.push({ time: time[i], pair, side: 'sell', price, qty: qty[p], fee, feeAsset: 'USD' });
        const pnl = proceeds - entry[p].cost;
        trades.push({
          pair, entryTime: entry[p].time, exitTime: time[i], qty: qty[p], entryPrice: entry[p].price, exitPrice: price,
          pnl, fees: fee + entry[p].cost - qty[p] * entry[p].price, returnPct: pnl / entry[p].cost,
        });
        fees += fee;
        notional += qty[p] * price;
        qty[p] = 0;
      }
    });
    const held = qty.reduce((s, q, k) => s + q * closes[k][i], 0);
    equity[i] = cash + held;
    exposure[i] = held / equity[i];
  }

  const curve = { time, equity };
  const metrics = computeMetrics({ curve, trades, feesPaid: fees, tradedNotional: notional, cashFlows: [deposit], exposure });
  const prices: PriceSeries[] = pairs.map((pair, p) => ({ pair, time, close: closes[p] }));
  // Benchmark: the first 10,000 split equally into both pairs at the first close and held; the deposit stays cash.
  const benchEquity = Float64Array.from(time, (t, i) => pairs.reduce((s, _, p) => s + 5_000 * (closes[p][i] / closes[p][0]), 0) + (t >= deposit.time ? deposit.amount : 0));
  const benchCurve = { time, equity: benchEquity };
  const benchmark = { label: 'buy-and-hold', equity: benchCurve, metrics: computeMetrics({ curve: benchCurve, cashFlows: [deposit], exposure: new Float64Array(n).fill(1) }) };
  const input: ReportInput = {
    title: 'SMA 24/120 crossover — BTC/USD, ETH/USD (1h)',
    runId: 'run-2023-sma-crossover-0001',
    hash: 'b3f1c0a9e4d2870c5a61f2e9d8b7c6a5f4e3d2c1b0a99887766554433221100f',
    generatedFrom: {
      strategy: 'sma-crossover',
      'strategy.fast': 24,
      'strategy.slow': 120,
      pairs: pairs.join(', '),
      interval: '1h',
      from: new Date(time[0]).toISOString(),
      to: new Date(time[n - 1]).toISOString(),
      'initial cash': '10000 USD',
      deposits: '5000 USD at mid-run',
      'fill.market': 'next bar open + slippage',
      'fill.slippage': '5 bps',
      'fill.limit': 'touch inside high/low fills at limit price',
      'fill.stop': 'gap through stop fills at open',
      'fill.volumeCap': '10% of candle volume',
      'fee.model': 'Kraken taker 0.26% in quote currency',
      'latency.ms': 250,
      'data.source': 'synthetic fixture',
    },
    metrics,
    equity: curve,
    cashFlows: [deposit],
    fills,
    prices,
    monthlyReturns: metrics.monthlyReturns,
    trades,
    benchmark,
  };
  return { input };
}
