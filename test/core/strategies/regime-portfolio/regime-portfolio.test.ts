import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseFixed } from '../../../../src/core/decimal/fixed.ts';
import { Kernel } from '../../../../src/core/kernel/kernel.ts';
import type { Order } from '../../../../src/core/orders/order.ts';
import { REGIMES } from '../../../../src/core/regime/regime.ts';
import { BUILTIN_STRATEGIES } from '../../../../src/core/strategies/index.ts';
import { inWindow, parseDailyWindow, regimePortfolioFactory } from '../../../../src/core/strategies/regime-portfolio/index.ts';
import { batchOf, HOUR, kernelOptions, makeWorld, runWorld, type World } from './world.ts';

const create = (params: Record<string, string> = {}) => regimePortfolioFactory.create(params);

function fingerprint(k: Kernel): string {
  return JSON.stringify({ hash: k.hash(), ledger: k.ledger.snapshot() });
}

describe('regime-portfolio strategy', () => {
  it('is registered as a built-in strategy', () => {
    expect(BUILTIN_STRATEGIES.get('regime-portfolio')).toBe(regimePortfolioFactory);
  });

  it('trades the synthetic world, records every regime it passes through, and is deterministic', () => {
    const w = makeWorld(11);
    const recorded: { t: number; series: string; value: number | string }[] = [];
    const a = runWorld(w, create(), { onRecord: (t, series, value) => recorded.push({ t, series, value }) });
    const b = runWorld(w, create());
    expect(a.hash()).toBe(b.hash());
    const regimes = recorded.filter((r) => r.series === 'regime').map((r) => r.value);
    expect(new Set(regimes)).toEqual(new Set(REGIMES)); // the phases pass through all four
    for (let i = 1; i < regimes.length; i++) expect(regimes[i]).not.toBe(regimes[i - 1]); // recorded on change only
    expect(a.ledger.flowsOf('USD').fees).toBeGreaterThan(0n); // it traded
  });

  it('a run resumed from a mid-run snapshot gives the same hash and ledger', () => {
    const w = makeWorld(5);
    const whole = fingerprint(runWorld(w, create()));
    fc.assert(
      fc.property(fc.integer({ min: 0, max: w.candles.length }), (cut) => {
        const first = new Kernel(kernelOptions(w, create()));
        first.deposit(w.start, 'USD', parseFixed('100000'));
        first.start(w.start);
        first.onCandles(batchOf(w, 0, cut));
        const snap = JSON.parse(JSON.stringify(first.snapshot()));
        const resumed = Kernel.restore(snap, kernelOptions(w, create()));
        resumed.onCandles(batchOf(w, cut));
        resumed.stop(w.end);
        expect(fingerprint(resumed)).toBe(whole);
      }),
      { numRuns: 12 },
    );
  });

  it('the rebalance band must be wider than one allocation step (pairCap x weight step), so a confidence step alone never trades', () => {
    // pairCap 20% x (70% - 30%) x 0.25 = 2% of equity per step.
    expect(() => create({ rebalanceBand: '0.02' })).toThrow(/wider than one allocation step/);
    expect(() => create({ rebalanceBand: '0.021' })).not.toThrow();
    expect((create() as unknown as { band: number }).band).toBeCloseTo(0.03, 12); // auto: 1.5 steps
    expect(() => create({ pairCap: '0.1', rebalanceBand: '0.011' })).not.toThrow(); // the step scales with the cap
  });

  it('places no order inside the daily downtime window (hourly candles, UTC)', () => {
    const w: World = makeWorld(3, ['BTC/USD', 'ETH/USD', 'SOL/USD'], HOUR);
    const orders: Order[] = [];
    runWorld(w, create({ downtime: '03:00-05:00', regimeStep: 'candle' }), { onOrderClosed: (o) => orders.push(o) });
    expect(orders.length).toBeGreaterThan(0);
    const window = parseDailyWindow('03:00-05:00');
    for (const o of orders) expect(inWindow(window, o.createdAt), new Date(o.createdAt).toISOString()).toBe(false);
    const hours = new Set(orders.map((o) => new Date(o.createdAt).getUTCHours()));
    expect(hours.has(3) || hours.has(4)).toBe(false);
  });

  it('refuses pairs outside the universe and a reference pair the run does not trade', () => {
    const ltc = makeWorld(1, ['BTC/USD', 'LTC/USD']);
    expect(() => runWorld(ltc, create())).toThrow(/LTC\/USD.*not in the universe/);
    const w = makeWorld(1, ['BTC/USD', 'ETH/USD']);
    expect(() => runWorld(w, create({ reference: 'SOL/USD' }))).toThrow(/reference pair SOL\/USD is not traded/);
  });

  it('accepts Kraken spellings for the reference basket and validates parameters', () => {
    const w = makeWorld(2, ['BTC/USD', 'ETH/USD']);
    expect(runWorld(w, create({ reference: 'XXBTZUSD+XETHZUSD' })).hash()).toMatch(/^[0-9a-f]{64}$/);
    const bad: [Record<string, string>, RegExp][] = [
      [{ pairCap: '2' }, /pairCap must be between/],
      [{ downtime: '25:00-26:00' }, /not a UTC time/],
      [{ reference: 'LTC/USD' }, /not in the universe/],
      [{ minWeight: '0.8', maxWeight: '0.6' }, /must not exceed/],
      [{ nope: '1' }, /unknown parameter "nope"/],
    ];
    for (const [params, msg] of bad) expect(() => create(params), JSON.stringify(params)).toThrow(msg);
  });
});
