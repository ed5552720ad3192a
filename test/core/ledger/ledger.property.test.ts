import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mulExact, ZERO, type Fixed } from '../../../src/core/decimal/fixed.ts';
import { Ledger, LedgerError } from '../../../src/core/ledger/ledger.ts';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 2000);
const E8 = 10n ** 10n; // one unit of 1e-8 expressed at the 1e-18 scale

type Op =
  | { k: 'deposit'; asset: 'USD' | 'BTC' | 'ETH'; units: bigint }
  | { k: 'withdraw'; asset: 'USD' | 'BTC' | 'ETH'; frac: number }
  | { k: 'buy' | 'sell'; base: 'BTC' | 'ETH'; frac: number; priceCents: bigint; feeBps: number; feeInBase: boolean }
  | { k: 'mark'; base: 'BTC' | 'ETH'; priceCents: bigint }
  | { k: 'replay' };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ k: fc.constant('deposit' as const), asset: fc.constantFrom('USD' as const, 'BTC' as const, 'ETH' as const), units: fc.bigInt({ min: 1n, max: 10n ** 12n }) }),
  fc.record({ k: fc.constant('withdraw' as const), asset: fc.constantFrom('USD' as const, 'BTC' as const, 'ETH' as const), frac: fc.double({ min: 0, max: 1.2, noNaN: true }) }),
  fc.record({
    k: fc.constantFrom('buy' as const, 'sell' as const),
    base: fc.constantFrom('BTC' as const, 'ETH' as const),
    frac: fc.double({ min: 0, max: 1.3, noNaN: true }),
    priceCents: fc.bigInt({ min: 1n, max: 10_000_000n }),
    feeBps: fc.integer({ min: 0, max: 100 }),
    feeInBase: fc.boolean(),
  }),
  fc.record({ k: fc.constant('mark' as const), base: fc.constantFrom('BTC' as const, 'ETH' as const), priceCents: fc.bigInt({ min: 1n, max: 10_000_000n }) }),
  fc.record({ k: fc.constant('replay' as const) }),
);

/** An independent tally of every flow, to check conservation against (not the ledger's own counters). */
interface Tally {
  [asset: string]: Fixed;
}

function scaleFrac(x: Fixed, frac: number): Fixed {
  return (x * BigInt(Math.floor(frac * 1_000_000))) / 1_000_000n / E8 * E8; // to 8 decimals, may exceed x when frac > 1
}

function runOps(ops: Op[], check: (l: Ledger, marks: Map<string, Fixed>, tally: Tally) => void): Ledger {
  const l = new Ledger('USD');
  const marks = new Map<string, Fixed>([['BTC', 30_000n * 10n ** 18n], ['ETH', 2_000n * 10n ** 18n]]);
  const mark = (a: string) => (a === 'USD' ? 10n ** 18n : marks.get(a)!);
  const tally: Tally = { USD: ZERO, BTC: ZERO, ETH: ZERO };
  let exec = 0;
  let lastFill: Parameters<Ledger['applyFill']>[0] | undefined;
  for (const op of ops) {
    if (op.k === 'deposit') {
      const amt = op.units * E8;
      l.deposit(exec, op.asset, amt, `d${exec}`, mark);
      tally[op.asset] += amt;
    } else if (op.k === 'withdraw') {
      const amt = scaleFrac(l.balance(op.asset), op.frac);
      if (amt <= ZERO) continue;
      if (amt > l.balance(op.asset)) {
        expect(() => l.withdraw(exec, op.asset, amt, `w${exec}`, mark)).toThrow(LedgerError);
        continue;
      }
      l.withdraw(exec, op.asset, amt, `w${exec}`, mark);
      tally[op.asset] -= amt;
    } else if (op.k === 'mark') {
      marks.set(op.base, op.priceCents * 10n ** 16n);
    } else if (op.k === 'replay') {
      if (lastFill) expect(l.applyFill(lastFill)).toBe(false); // the same execution id again changes nothing
    } else {
      const price = op.priceCents * 10n ** 16n;
      let qty: Fixed;
      if (op.k === 'buy') {
        const afford = (l.balance('USD') * 10n ** 18n) / price; // qty at 18 decimals
        qty = scaleFrac(afford, op.frac * 0.9);
      } else {
        qty = scaleFrac(l.balance(op.base), op.frac);
      }
      if (qty <= ZERO) continue;
      const notional = mulExact(qty, price);
      const feeBase = op.feeInBase ? (qty * BigInt(op.feeBps)) / 10_000n / E8 * E8 : ZERO;
      const fee = op.feeInBase ? feeBase : (notional * BigInt(op.feeBps)) / 10_000n;
      const fill = { execId: `x${++exec}`, time: exec, base: op.base, quote: 'USD', side: op.k, qty, price, fee, feeAsset: op.feeInBase ? op.base : 'USD' } as const;
      const cashNeeded = notional + (op.feeInBase ? ZERO : fee);
      const baseNeeded = qty + (op.feeInBase ? fee : ZERO);
      const impossible =
        (op.k === 'buy' && (cashNeeded > l.balance('USD') || (op.feeInBase && fee >= qty))) || (op.k === 'sell' && baseNeeded > l.balance(op.base));
      if (impossible) {
        // Oversell / overspend is rejected, and the ledger is unchanged.
        const before = JSON.stringify(l.snapshot());
        expect(() => l.applyFill(fill)).toThrow(LedgerError);
        expect(JSON.stringify(l.snapshot())).toBe(before);
        continue;
      }
      expect(l.applyFill(fill)).toBe(true);
      lastFill = fill;
      if (op.k === 'buy') {
        tally.USD -= notional;
        tally[op.base] += qty;
      } else {
        tally.USD += notional;
        tally[op.base] -= qty;
      }
      tally[fill.feeAsset] -= fee;
    }
    check(l, marks, tally);
  }
  return l;
}

function checkInvariants(l: Ledger, marks: Map<string, Fixed>, tally: Tally): void {
  const mark = (a: string) => (a === 'USD' ? 10n ** 18n : marks.get(a)!);
  for (const asset of ['USD', 'BTC', 'ETH']) {
    // Conservation: balance = deposits - withdrawals + bought - sold - fees, against our own tally.
    expect(l.balance(asset)).toBe(tally[asset]);
    const f = l.flowsOf(asset);
    expect(l.balance(asset)).toBe(f.deposits - f.withdrawals + f.tradeIn - f.tradeOut - f.fees);
    expect(l.balance(asset) >= ZERO).toBe(true);
  }
  for (const asset of ['BTC', 'ETH']) {
    // Lots sum to the position, and no lot is negative.
    expect(l.position(asset)).toBe(l.balance(asset));
    for (const lot of l.openLots(asset)) {
      expect(lot.qty > ZERO).toBe(true);
      expect(lot.cost >= ZERO).toBe(true);
    }
  }
  // Equity identity, exactly: sum of marked balances = contributions + realized + unrealized.
  expect(l.equity(mark)).toBe(l.netContributions() + l.realizedPnl() + l.unrealizedPnl(mark));
}

describe('ledger invariants (DESIGN.md), exact', () => {
  it('conservation, equity identity, lots = positions, no negative lot, oversell rejected, idempotent fills', () => {
    fc.assert(fc.property(fc.array(opArb, { maxLength: 60 }), (ops) => void runOps(ops, checkInvariants)), { numRuns: RUNS });
  });

  it('determinism: the same events give the same ledger, byte for byte', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 40 }), (ops) => {
        const a = JSON.stringify(runOps(ops, () => {}).snapshot());
        const b = JSON.stringify(runOps(ops, () => {}).snapshot());
        expect(a).toBe(b);
      }),
      { numRuns: RUNS },
    );
  });

  it('snapshot/restore at any point continues identically', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 40 }), fc.nat(), (ops, cut) => {
        const full = runOps(ops, () => {});
        const i = ops.length ? cut % ops.length : 0;
        const head = runOps(ops.slice(0, i), () => {});
        const restored = Ledger.restore(JSON.parse(JSON.stringify(head.snapshot())));
        expect(JSON.stringify(restored.snapshot())).toBe(JSON.stringify(head.snapshot()));
        expect(restored.balance('USD')).toBe(head.balance('USD'));
        expect(full.snapshot().applied.length).toBeGreaterThanOrEqual(head.snapshot().applied.length);
      }),
      { numRuns: RUNS },
    );
  });

  it('realized PnL of a round trip is proceeds minus cost minus both fees', () => {
    const l = new Ledger('USD');
    const m = () => 10n ** 18n;
    l.deposit(0, 'USD', 1000n * 10n ** 18n, 'd', m);
    l.applyFill({ execId: 'b', time: 1, base: 'BTC', quote: 'USD', side: 'buy', qty: 10n ** 18n, price: 100n * 10n ** 18n, fee: 26n * 10n ** 16n, feeAsset: 'USD' });
    l.applyFill({ execId: 's', time: 2, base: 'BTC', quote: 'USD', side: 'sell', qty: 10n ** 18n, price: 110n * 10n ** 18n, fee: 286n * 10n ** 15n, feeAsset: 'USD' });
    // 110 - 100 - 0.26 - 0.286 = 9.454
    expect(l.realizedPnl()).toBe(9454n * 10n ** 15n);
    expect(l.balance('USD')).toBe(1009454n * 10n ** 15n);
  });
});
