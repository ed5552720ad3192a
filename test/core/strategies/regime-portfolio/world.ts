/**
 * Synthetic multi-pair candle worlds for regime-portfolio tests: seeded, deterministic, no I/O.
 * Prices follow a common market factor (drift changes by phase: rally, crash, recovery) plus
 * each pair's own noise, so regimes, signals, correlations and the limits all get exercised.
 */
import { parseFixed } from '../../../../src/core/decimal/fixed.ts';
import { defaultSymbols } from '../../../../src/core/instruments/symbols.ts';
import { Kernel, type KernelOptions } from '../../../../src/core/kernel/kernel.ts';
import { createCandleBatch, pushCandle, type CandleBatch } from '../../../../src/core/market/candle-batch.ts';
import type { Strategy } from '../../../../src/core/strategy/strategy.ts';
import { KrakenFeeModel } from '../../../../src/core/venue/sim/fee-model.ts';
import { SimulatedVenue } from '../../../../src/core/venue/sim/simulated-venue.ts';
import { mulberry32 } from '../../../helpers/mulberry32.ts';

export const DAY = 86_400_000;
export const HOUR = 3_600_000;

export interface World {
  readonly pairs: readonly string[];
  readonly intervalMs: number;
  /** [pair, openTime, o, h, l, c, v] in (close time, pair) order. */
  readonly candles: readonly (readonly [number, number, number, number, number, number, number])[];
  readonly start: number;
  readonly end: number;
}

/** Phases of the market factor: [steps, drift per step, volatility per step]. */
const PHASES: readonly [number, number, number][] = [
  [120, 0.0, 0.02],
  [120, 0.008, 0.02],
  [40, 0.0, 0.03],
  [15, -0.04, 0.06],
  [40, -0.005, 0.05],
  [100, 0.006, 0.03],
  [80, 0.0, 0.02],
];

export function makeWorld(seed: number, pairs: readonly string[] = ['BTC/USD', 'ETH/USD', 'SOL/USD', 'XRP/USD', 'ADA/USD'], intervalMs = DAY, start = Date.UTC(2020, 0, 1)): World {
  const rand = mulberry32(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  const px = pairs.map((_, i) => [30_000, 2_000, 40, 0.5, 0.4][i % 5]);
  const loadings = pairs.map((_, i) => (i === 0 ? 1 : 0.3 + 0.6 * rand()));
  const candles: World['candles'][number][] = [];
  let step = 0;
  for (const [n, drift, vol] of PHASES) {
    for (let k = 0; k < n; k++, step++) {
      const market = drift + vol * gauss();
      pairs.forEach((pair, p) => {
        const own = vol * 0.8 * gauss();
        const o = px[p];
        const dec = defaultSymbols.instrument(pair).priceDecimals;
        const round = (x: number) => Math.max(10 ** -dec, Math.round(x * 10 ** dec) / 10 ** dec);
        const c = round(o * Math.exp(loadings[p] * market + own));
        const h = round(Math.max(o, c) * (1 + 0.01 * rand()));
        const l = round(Math.min(o, c) * (1 - 0.01 * rand()));
        candles.push([p, start + step * intervalMs, o, h, l, c, 1e6]);
        px[p] = c;
      });
    }
  }
  return { pairs, intervalMs, candles, start, end: start + step * intervalMs };
}

export function batchOf(w: World, from = 0, to = w.candles.length): CandleBatch {
  const b = createCandleBatch(Math.max(1, to - from), w.intervalMs);
  for (let i = from; i < to; i++) {
    const [p, t, o, h, l, c, v] = w.candles[i];
    pushCandle(b, p, t, o, h, l, c, v);
  }
  return b;
}

export function kernelOptions(w: World, strategy: Strategy, onRecord?: KernelOptions['onRecord']): KernelOptions {
  return {
    instruments: w.pairs.map((p) => defaultSymbols.instrument(p)),
    accountCurrency: 'USD',
    strategy,
    venue: new SimulatedVenue({ fees: new KrakenFeeModel({ maker: '0.0016', taker: '0.0026' }) }),
    seed: 7,
    runEnd: w.end,
    onRecord,
  };
}

export function runWorld(w: World, strategy: Strategy, extra: Partial<KernelOptions> = {}): Kernel {
  const k = new Kernel({ ...kernelOptions(w, strategy), ...extra });
  k.deposit(w.start, 'USD', parseFixed('100000'));
  k.start(w.start);
  k.onCandles(batchOf(w));
  k.stop(w.end);
  return k;
}
