import { describe, expect, it } from 'vitest';
import { formatFixed } from '../../../src/core/decimal/fixed.ts';
import { KRAKEN_PAIRS } from '../../../src/core/instruments/kraken-pairs.ts';
import { KrakenSimulator } from '../../../src/live/sim/simulator.ts';
import { movePair, SyntheticMarketDriver, syntheticCatalog, syntheticHistory } from '../../../src/live/sim/synthetic-market.ts';

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
});
