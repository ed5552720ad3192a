import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatFixed, parseFixed } from '../../../../src/core/decimal/fixed.ts';
import { balancesFromBalanceEx, totalsFromBalance } from '../../../../src/live/kraken/rest/spendable-balances.ts';

const amount = fc.bigInt({ min: 0n, max: 10n ** 14n }).map((units) => units * 10n ** 10n); // 8-decimal amounts as Fixed

describe('BalanceEx -> per-asset balances', () => {
  it('total = spot + .F; read-only variants never count; available = balance + credit - credit_used - hold_trade', () => {
    fc.assert(
      fc.property(amount, amount, amount, amount, fc.constantFrom('XXBT', 'XBT'), (spot, rewards, staked, hold, spotKey) => {
        const h = hold > spot ? spot : hold;
        const raw = {
          [spotKey]: { balance: formatFixed(spot), hold_trade: formatFixed(h) },
          'XBT.F': { balance: formatFixed(rewards), hold_trade: '0' },
          'XBT.S': { balance: formatFixed(staked), hold_trade: '0' },
          'XBT.M': { balance: formatFixed(staked), hold_trade: '0' },
        };
        const b = balancesFromBalanceEx(raw).BTC;
        expect(b.total).toBe(spot + rewards);
        expect(b.held).toBe(h);
        expect(b.available).toBe(spot + rewards - h);
        expect(b.readOnly).toEqual({ S: staked, M: staked });
      }),
      { numRuns: 200 },
    );
  });

  it('reads the repo fixture (real capture): ATOM.S is read-only, holds reduce available', async () => {
    const { readFileSync } = await import('node:fs');
    const raw = JSON.parse(readFileSync(new URL('../../../fixtures/kraken/rest-BalanceEx.json', import.meta.url), 'utf8')).result;
    const b = balancesFromBalanceEx(raw);
    expect(formatFixed(b.ATOM.total)).toBe('14.50385601');
    expect(formatFixed(b.ATOM.available)).toBe('10.57952001');
    expect(b.ATOM.readOnly).toEqual({ S: 0n });
    expect(formatFixed(b.BTC.total)).toBe('0.0022698');
    expect(formatFixed(b.USD.total)).toBe('22.6354');
  });

  it('plain Balance: the same rules, totals only', () => {
    expect(totalsFromBalance({ XXBT: '1.5', 'XBT.F': '0.5', 'XBT.B': '9', ZUSD: '10' })).toEqual({ BTC: parseFixed('2'), USD: parseFixed('10') });
  });
});
