import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseFixed } from '../src/core/decimal/fixed.ts';
import { defaultSymbols } from '../src/core/instruments/symbols.ts';
import { Kernel } from '../src/core/kernel/kernel.ts';
import { createCandleBatch, type CandleBatch } from '../src/core/market/candle-batch.ts';
import { SmaCross } from '../src/core/strategies/sma-cross.ts';
import type { Strategy } from '../src/core/strategy/strategy.ts';
import { KrakenFeeModel } from '../src/core/venue/sim/fee-model.ts';
import { SimulatedVenue } from '../src/core/venue/sim/simulated-venue.ts';

const PAIRS = ['BTC/USD', 'ETH/USD', 'SOL/USD', 'XRP/USD', 'ADA/USD', 'DOT/USD', 'LINK/USD', 'DOGE/USD', 'POL/USD', 'AVAX/USD'];
const MINUTE = 60_000;

/** Fills `batch` in place with the next rows of a seeded random walk over 10 pairs (1-minute candles). */
function makeStream(totalCandles: number, batchRows: number) {
  const batch = createCandleBatch(batchRows, MINUTE);
  const px = PAIRS.map((_, i) => 100 * (i + 1));
  let row = 0;
  let seed = 12345;
  const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) | 0) >>> 0) / 4294967296;
  return {
    batch,
    next(): CandleBatch | undefined {
      if (row >= totalCandles) return undefined;
      const n = Math.min(batchRows, totalCandles - row);
      for (let i = 0; i < n; i++, row++) {
        const p = row % PAIRS.length;
        const t = Math.floor(row / PAIRS.length) * MINUTE;
        const o = px[p];
        const c = Math.max(0.01, Math.round(o * (1 + (rnd() - 0.5) * 0.004) * 100) / 100);
        px[p] = c;
        batch.pair[i] = p;
        batch.openTime[i] = t;
        batch.open[i] = o;
        batch.high[i] = Math.max(o, c) * 1.001;
        batch.low[i] = Math.min(o, c) * 0.999;
        batch.close[i] = c;
        batch.volume[i] = 50 + rnd() * 100;
        batch.trades[i] = 10;
      }
      batch.length = n;
      return batch;
    },
  };
}

function runKernel(strategy: Strategy, candles: number): { seconds: number; hash: string; orders: number; fills: number } {
  const instruments = PAIRS.map((p) => defaultSymbols.instrument(p));
  // Zero fees: on a random walk, fees would bleed the account dry and stop the trading that
  // this benchmark exists to measure. Risk limits are set (and never bind) so every order is checked.
  const venue = new SimulatedVenue({ fees: new KrakenFeeModel({ maker: '0', taker: '0' }) });
  let closed = 0;
  let fills = 0;
  const kernel = new Kernel({
    instruments,
    accountCurrency: 'USD',
    strategy,
    venue,
    risk: { mode: 'active', maxOrderNotional: 10n ** 40n, maxPairShare: 1, maxDrawdown: 1 },
    onOrderClosed: () => closed++,
    onFill: () => fills++,
  });
  kernel.deposit(0, 'USD', parseFixed('100000'));
  kernel.start(0);
  const stream = makeStream(candles, 65_536);
  let ns = 0n;
  for (let b = stream.next(); b; b = stream.next()) {
    const t0 = process.hrtime.bigint();
    kernel.onCandles(b);
    ns += process.hrtime.bigint() - t0;
  }
  return { seconds: Number(ns) / 1e9, hash: kernel.hash(), orders: closed + kernel.openOrderList().length, fills };
}

const idle: Strategy = { name: 'none' };

/** Peak resident memory of a fresh process streaming `candles` through sma-cross (so runs do not share a heap). */
function peakRssMB(candles: number): number {
  const out = execFileSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), 'peak-rss', String(candles)], { encoding: 'utf8' });
  return Number(out.trim());
}

export function benchKernel(candles = 5_000_000): Record<string, number | string> {
  runKernel(idle, 200_000); // warm-up
  const bare = runKernel(idle, candles);
  const sma = runKernel(new SmaCross(10, 30), candles);
  return {
    candles,
    'bare candles/s': Math.round(candles / bare.seconds),
    'sma-cross candles/s': Math.round(candles / sma.seconds),
    'sma-cross orders': sma.orders,
    'sma-cross fills': sma.fills,
    [`peak RSS MB, ${(candles / 1e6).toFixed(1)}M candles (fresh process)`]: peakRssMB(candles),
    [`peak RSS MB, ${((2 * candles) / 1e6).toFixed(1)}M candles (fresh process)`]: peakRssMB(2 * candles),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv[2] === 'peak-rss') {
    runKernel(new SmaCross(10, 30), Number(process.argv[3]));
    console.log(Math.round(process.resourceUsage().maxRSS / 1024));
  } else {
    console.table(benchKernel(Number(process.argv[2] ?? 5_000_000)));
  }
}
