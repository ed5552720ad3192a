import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mulExact, parseFixed } from '../../../src/core/decimal/fixed.ts';
import { defaultSymbols } from '../../../src/core/instruments/symbols.ts';
import { Kernel, type KernelOptions } from '../../../src/core/kernel/kernel.ts';
import { createCandleBatch, pushCandle, type CandleBatch } from '../../../src/core/market/candle-batch.ts';
import { SmaCross } from '../../../src/core/strategies/sma-cross.ts';
import type { Strategy } from '../../../src/core/strategy/strategy.ts';
import { KrakenFeeModel } from '../../../src/core/venue/sim/fee-model.ts';
import { UniformLatency } from '../../../src/core/venue/sim/latency-model.ts';
import { RandomBpsSlippage } from '../../../src/core/venue/sim/slippage-model.ts';
import { SimulatedVenue } from '../../../src/core/venue/sim/simulated-venue.ts';
import { RandomOrders } from '../../helpers/random-strategy.ts';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 2000);
const KERNEL_RUNS = RUNS; // thousands in CI, like the ledger properties
const HOUR = 3_600_000;
const PAIRS = ['BTC/USD', 'ETH/USD'];

interface World {
  candles: [number, number, number, number, number, number][]; // pair, o, h, l, c, v
  seed: number;
  latencyMax: number;
  volumeShare: number | null;
}

const worldArb: fc.Arbitrary<World> = fc
  .record({
    steps: fc.array(fc.record({ r: fc.double({ min: -0.05, max: 0.05, noNaN: true }), wick: fc.double({ min: 0, max: 0.03, noNaN: true }), v: fc.double({ min: 0, max: 50, noNaN: true }), skip: fc.boolean() }), { minLength: 2, maxLength: 120 }),
    seed: fc.integer(),
    latencyMax: fc.constantFrom(0, 0, 600_000, 5_400_000),
    volumeShare: fc.constantFrom(null, 0.05, 0.5),
  })
  .map(({ steps, seed, latencyMax, volumeShare }) => {
    const px = [30_000, 2_000];
    const candles: World['candles'] = [];
    steps.forEach((s, t) => {
      for (let p = 0; p < 2; p++) {
        if (p === 1 && s.skip) continue; // ETH has gaps: Kraken omits candles with no trades
        const o = px[p];
        const c = Math.max(1, Math.round(o * (1 + s.r * (p ? -1 : 1)) * 100) / 100);
        const h = Math.round(Math.max(o, c) * (1 + s.wick) * 100) / 100;
        const l = Math.round(Math.min(o, c) * (1 - s.wick) * 100) / 100;
        candles.push([p, o, h, l, c, Math.round(s.v * 1e4) / 1e4]);
        px[p] = c;
      }
      void t;
    });
    return { candles, seed, latencyMax, volumeShare };
  });

function options(w: World, strategy: Strategy): KernelOptions {
  const venue = new SimulatedVenue({
    fees: new KrakenFeeModel({ maker: '0.0016', taker: '0.0026' }),
    latency: new UniformLatency(0, w.latencyMax),
    slippage: new RandomBpsSlippage(20),
    maxVolumeShare: w.volumeShare,
  });
  return { instruments: PAIRS.map((p) => defaultSymbols.instrument(p)), accountCurrency: 'USD', strategy, venue, seed: w.seed, risk: { mode: 'active', maxDrawdown: 0.5 } };
}

function batchOf(w: World, from: number, to: number): CandleBatch {
  const b = createCandleBatch(Math.max(1, to - from), HOUR);
  let t = -1;
  let step = 0;
  // Rebuild open times: consecutive rows of pair 0 are one hour apart; ETH shares the step.
  const times: number[] = [];
  for (const c of w.candles) {
    if (c[0] === 0 || t < 0) step++;
    t = step;
    times.push((step - 1) * HOUR);
  }
  for (let i = from; i < to; i++) {
    const [p, o, h, l, c, v] = w.candles[i];
    pushCandle(b, p, times[i], o, h, l, c, v);
  }
  return b;
}

function begin(k: Kernel): void {
  k.deposit(0, 'USD', parseFixed('50000'));
  k.start(0);
}

function end(w: World): number {
  return (w.candles.filter((c) => c[0] === 0).length + 1) * HOUR;
}

function fingerprint(k: Kernel): string {
  return JSON.stringify({ hash: k.hash(), ledger: k.ledger.snapshot(), open: k.openOrderList().map((o) => [o.clientId, o.status, o.filledQty.toString()]) });
}

function runWhole(w: World, make: () => Strategy): Kernel {
  const k = new Kernel(options(w, make()));
  begin(k);
  k.onCandles(batchOf(w, 0, w.candles.length));
  k.stop(end(w));
  return k;
}

describe('kernel properties', () => {
  it('every invariant holds after a random run with every order type', () => {
    fc.assert(
      fc.property(worldArb, (w) => {
        const k = runWhole(w, () => new RandomOrders());
        const l = k.ledger;
        for (const asset of ['USD', 'BTC', 'ETH']) {
          const f = l.flowsOf(asset);
          expect(l.balance(asset)).toBe(f.deposits - f.withdrawals + f.tradeIn - f.tradeOut - f.fees);
          expect(l.balance(asset) >= 0n).toBe(true);
          expect(k.available(asset) >= 0n).toBe(true);
        }
        for (const asset of ['BTC', 'ETH']) {
          expect(l.position(asset)).toBe(l.balance(asset));
          for (const lot of l.openLots(asset)) expect(lot.qty > 0n).toBe(true);
        }
        expect(k.equity()).toBe(l.netContributions() + l.realizedPnl() + l.unrealizedPnl(k.markFn));
        let marked = l.balance('USD');
        for (const a of ['BTC', 'ETH']) if (l.balance(a) !== 0n) marked += mulExact(l.balance(a), k.markFn(a));
        expect(k.equity()).toBe(marked);
      }),
      { numRuns: KERNEL_RUNS },
    );
  });

  it('determinism: the same inputs give the same hash and ledger in every run', () => {
    fc.assert(
      fc.property(worldArb, (w) => {
        expect(fingerprint(runWhole(w, () => new RandomOrders()))).toBe(fingerprint(runWhole(w, () => new RandomOrders())));
      }),
      { numRuns: KERNEL_RUNS },
    );
  });

  it('the hash does not depend on how candles are split into batches', () => {
    fc.assert(
      fc.property(worldArb, fc.nat(), (w, cut) => {
        const whole = runWhole(w, () => new RandomOrders());
        const k = new Kernel(options(w, new RandomOrders()));
        begin(k);
        const i = cut % (w.candles.length + 1);
        k.onCandles(batchOf(w, 0, i));
        k.onCandles(batchOf(w, i, w.candles.length));
        k.stop(end(w));
        expect(fingerprint(k)).toBe(fingerprint(whole));
      }),
      { numRuns: KERNEL_RUNS },
    );
  });

  it('snapshot at a random event and restore in a fresh kernel gives the same final state and hash', () => {
    for (const make of [() => new RandomOrders() as Strategy, () => new SmaCross(3, 7) as Strategy]) {
      fc.assert(
        fc.property(worldArb, fc.nat(), (w, cut) => {
          const whole = runWhole(w, make);
          const first = new Kernel(options(w, make()));
          begin(first);
          const i = cut % (w.candles.length + 1);
          first.onCandles(batchOf(w, 0, i));
          const snap = JSON.parse(JSON.stringify(first.snapshot())); // through text, as a file would be
          const resumed = Kernel.restore(snap, options(w, make()));
          resumed.onCandles(batchOf(w, i, w.candles.length));
          resumed.stop(end(w));
          expect(fingerprint(resumed)).toBe(fingerprint(whole));
        }),
        { numRuns: KERNEL_RUNS },
      );
    }
  });
});
