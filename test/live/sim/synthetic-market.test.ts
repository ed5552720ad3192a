import { describe, expect, it } from 'vitest';
import { formatFixed } from '../../../src/core/decimal/fixed.ts';
import { KRAKEN_PAIRS } from '../../../src/core/instruments/kraken-pairs.ts';
import { KrakenSimulator } from '../../../src/live/sim/simulator.ts';
import { movePair, steadyTrades, SyntheticMarketDriver, syntheticCatalog, syntheticHistory, volumeBurst } from '../../../src/live/sim/synthetic-market.ts';

const START = Date.UTC(2022, 5, 1);
const HOUR = 3_600_000;

describe('synthetic Kraken-sized catalog for the simulator', () => {
  it('keeps the real pairs and adds synthetic ones up to the size, with precisions that fit their prices', () => {
    const { catalog, synthetic } = syntheticCatalog(1400);
    expect(catalog.pairs).toHaveLength(1400);
    expect(new Set(catalog.pairs.map((p) => p.symbol)).size).toBe(1400);
    for (const p of KRAKEN_PAIRS) expect(catalog.wsPair(p.symbol)?.priceDecimals).toBe(p.priceDecimals);
    for (const s of synthetic) {
      const shown = Number(s.startPrice.toFixed(s.info.priceDecimals));
      expect(shown).toBeGreaterThan(0);
      expect(Math.abs(shown - s.startPrice) / s.startPrice).toBeLessThan(0.01); // ~5 significant digits
    }
    expect(syntheticCatalog(1400).synthetic.map((s) => s.info.symbol)).toEqual(synthetic.map((s) => s.info.symbol)); // deterministic
    expect(() => syntheticCatalog(3)).toThrow(/from 14 to 10000/);
  });

  it('replays the synthetic history, moves one pair +6 % on demand, and keeps the pairs trading', async () => {
    const { catalog, synthetic } = syntheticCatalog(200);
    const history = syntheticHistory(synthetic, START - 26 * HOUR, START);
    expect(history.every((t, i) => i === 0 || history[i - 1].time <= t.time)).toBe(true);
    const sim = await KrakenSimulator.start({ catalog, trades: history, startTime: START, heartbeatMs: 0 });
    try {
      const sym = synthetic[5].info.symbol;
      const before = sim.markets.get(sym)!.last!.price;
      const text = movePair(sim, sym, 0.06);
      const after = sim.markets.get(sym)!.last!.price;
      expect(Number(formatFixed(after)) / Number(formatFixed(before))).toBeCloseTo(1.06, 3);
      expect(text).toBe(formatFixed(after, synthetic[5].info.priceDecimals));
      expect(() => movePair(sim, 'NOPE/USD', 0.06)).toThrow(/unknown pair NOPE\/USD/);
      const counts = () => [...sim.markets.values()].reduce((a, m) => a + m.trades.length, 0);
      const n0 = counts();
      new SyntheticMarketDriver(sim, synthetic).step(50);
      expect(counts()).toBe(n0 + 50);
    } finally {
      await sim.close();
    }
  });

  it('a steady pair trades one size at one price every 5 min; a volume burst multiplies the size at the same price', async () => {
    const { catalog, synthetic } = syntheticCatalog(20);
    const pair = synthetic[0];
    const trades = steadyTrades(pair, START - HOUR, START + HOUR);
    expect(trades).toHaveLength(24);
    expect(trades.every((t, i) => t.time === START - HOUR + i * 300_000 && t.price === trades[0].price && t.qty === trades[0].qty && t.qty > 0n)).toBe(true);
    const sim = await KrakenSimulator.start({ catalog, trades, startTime: START, heartbeatMs: 0 });
    try {
      const last = sim.markets.get(pair.info.symbol)!.last!;
      volumeBurst(sim, pair.info.symbol, 50);
      const burst = sim.markets.get(pair.info.symbol)!.last!;
      expect(burst.price).toBe(last.price);
      expect(burst.qty).toBe(last.qty * 50n);
      expect(() => volumeBurst(sim, pair.info.symbol, 0.5)).toThrow(/factor must be a whole number >= 1/);
      expect(() => volumeBurst(sim, 'NOPE/USD', 2)).toThrow(/NOPE\/USD is unknown/);
    } finally {
      await sim.close();
    }
  });
});
